// Runs one property the way the whole suite does: budget from the environment (see
// src/campaign/budget.ts), the regression corpus replayed first, failures saved to it,
// and a failure reported with its seed, path, shrunk trace and replay command.
import * as path from 'node:path';
import { budgetFromEnv } from '../src/campaign/budget';
import { runCampaign, type CampaignResult } from '../src/campaign/campaign';
import { Corpus } from '../src/campaign/corpus';
import { formatFailure, type WriterRef } from '../src/campaign/failure';
import type { ProfileName } from '../src/campaign/profiles';
import { nodeTextFile } from '../src/env/node-env';
import type { Invariant } from '../src/invariants/index';
import type { LogWriterFactory } from '../src/sim/writer-contract';

/** Runs per property unless ROLLOUT_SIM_RUNS says otherwise: keeps `npm test` well under its budget. */
export const DEFAULT_PROPERTY_RUNS = 300;

export const CORPUS_FILE = process.env.ROLLOUT_SIM_CORPUS ?? path.join(__dirname, '..', 'corpus', 'regressions.json');

export async function checkProperty(
  writer: LogWriterFactory,
  ref: WriterRef,
  invariants: readonly Invariant[],
  profile: ProfileName,
  defaultRuns = DEFAULT_PROPERTY_RUNS,
  useCorpus = true,
): Promise<CampaignResult> {
  const budget = budgetFromEnv({ numRuns: defaultRuns });
  return runCampaign({
    writer,
    ref,
    invariants,
    profile,
    numRuns: budget.numRuns,
    seed: budget.seed,
    path: budget.path,
    timeLimitMs: budget.interruptAfterTimeLimit,
    corpus: useCorpus ? await Corpus.open(nodeTextFile(CORPUS_FILE)) : undefined,
  });
}

/** Fails the test with the whole report when the property does not hold. */
export async function expectHolds(...args: Parameters<typeof checkProperty>): Promise<CampaignResult> {
  const result = await checkProperty(...args);
  if (result.failure) throw new Error(formatFailure(result.failure));
  return result;
}
