// A campaign: replay the regression corpus first, then let fast-check generate scenarios
// from one seed, run each in the simulator, check the invariants, and shrink the first
// failure. It reports counts for the summary and the failure with its replay command.
import fc from 'fast-check';
import { ALL_INVARIANTS, checkAll, type Invariant, type Violation } from '../invariants/index';
import type { Scenario } from '../sim/scenario';
import { simulate, type RunResult } from '../sim/simulation';
import type { LogWriterFactory } from '../sim/writer-contract';
import type { Corpus } from './corpus';
import { replayCommand, type Failure, type WriterRef } from './failure';
import { RunStats } from './run-stats';
import { InvariantViolationError, writerProperty } from './writer-property';
import { boundsFor, parseProfile, type ProfileName } from './profiles';

export interface Shard {
  index: number;
  count: number;
}

export interface CampaignOptions {
  writer: LogWriterFactory;
  ref: WriterRef;
  numRuns: number;
  seed: number;
  /** Stop generating after this many milliseconds (fast-check's interruptAfterTimeLimit). */
  timeLimitMs?: number;
  shard?: Shard;
  invariants?: readonly Invariant[];
  profile?: ProfileName;
  /** Replay only the failure at this fast-check path (with `seed`), as it was found. */
  path?: string;
  corpus?: Corpus;
  onProgress?: (stats: RunStats) => void;
}

export interface CampaignResult {
  writer: string;
  seed: number;
  numRuns: number;
  stats: RunStats;
  corpusReplayed: number;
  failure?: Failure;
  /** Whether the time limit cut generation short. */
  interrupted: boolean;
  /** Whether the failure was new to the corpus (and saved). */
  savedToCorpus: boolean;
}

/** Shard I of N takes its own seed (seed + I) and its share of the runs; its replay commands need no shard flag. */
export function shardPlan(numRuns: number, seed: number, shard?: Shard): { numRuns: number; seed: number } {
  if (!shard) return { numRuns, seed };
  const base = Math.floor(numRuns / shard.count);
  const extra = shard.index - 1 < numRuns % shard.count ? 1 : 0;
  return { numRuns: base + extra, seed: (seed + shard.index - 1) | 0 };
}

function failureOf(
  run: RunResult,
  violations: Violation[],
  scenario: Scenario,
  at: { seed: number; path: string; profile: ProfileName },
  source: 'search' | { writer: string },
  ref: WriterRef,
  foundBy: Failure['source'] = 'search',
): Failure {
  const command = replayCommand(ref, at.seed, at.path, at.profile);
  return {
    invariants: [...new Set(violations.map((v) => v.invariant))],
    violations,
    seed: at.seed,
    path: at.path,
    scenario,
    run,
    replayCommand: source === 'search' ? command : `${command}  (seed and path of the corpus entry's writer, ${source.writer})`,
    source: foundBy,
  };
}

async function replayCorpus(o: CampaignOptions, invariants: readonly Invariant[], stats: RunStats): Promise<Failure | undefined> {
  // The writer's own regressions first: they are the likeliest to fail again.
  const entries = [...(o.corpus?.entries ?? [])].sort((a, b) => Number(b.writer === o.writer.name) - Number(a.writer === o.writer.name));
  for (const entry of entries) {
    const run = await simulate(o.writer, entry.scenario);
    const violations = checkAll(run, invariants);
    stats.recordCorpusRun();
    o.onProgress?.(stats);
    if (violations.length > 0) {
      const at = { seed: entry.seed, path: entry.path, profile: parseProfile(entry.profile ?? 'default') };
      // The entry's seed and path replay for the writer that failed it; for another writer, say so.
      return failureOf(run, violations, entry.scenario, at, entry.writer === o.writer.name ? 'search' : { writer: entry.writer }, o.ref, 'corpus');
    }
  }
  return undefined;
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const invariants = o.invariants ?? ALL_INVARIANTS;
  const profile = o.profile ?? 'default';
  const stats = new RunStats();
  const plan = shardPlan(o.numRuns, o.seed, o.shard);
  const result = (failure: Failure | undefined, interrupted: boolean, savedToCorpus: boolean): CampaignResult => ({
    writer: o.writer.name,
    seed: plan.seed,
    numRuns: plan.numRuns,
    stats,
    corpusReplayed: stats.corpusRuns,
    failure,
    interrupted,
    savedToCorpus,
  });

  const fromCorpus = await replayCorpus(o, invariants, stats);
  if (fromCorpus) return result(fromCorpus, false, false);

  const property = writerProperty(o.writer, {
    invariants,
    bounds: boundsFor(o.writer, profile),
    onRun: (run, violations) => {
      stats.record(run, violations.length > 0);
      o.onProgress?.(stats);
    },
  });
  const details = await fc.check(property, {
    numRuns: plan.numRuns,
    seed: plan.seed,
    ...(o.path ? { path: o.path, endOnFailure: true } : {}),
    ...(o.timeLimitMs ? { interruptAfterTimeLimit: o.timeLimitMs, markInterruptAsFailure: false } : {}),
  });
  if (!details.failed || !details.counterexample) return result(undefined, details.interrupted, false);

  const [scenario] = details.counterexample;
  const run = await simulate(o.writer, scenario);
  const violations =
    details.errorInstance instanceof InvariantViolationError
      ? checkAll(run, invariants)
      : [{ invariant: 'liveness' as const, message: `the property threw: ${String(details.errorInstance)}` }];
  const at = { seed: details.seed, path: details.counterexamplePath ?? '0', profile };
  const failure = failureOf(run, violations, scenario, at, 'search', o.ref);
  const saved = o.corpus ? await o.corpus.add({ id: run.hash.slice(0, 12), writer: o.writer.name, invariants: failure.invariants, ...at, scenario }) : false;
  return result(failure, details.interrupted, saved);
}

/** Re-runs the failure at `path` of the campaign with `seed`, exactly as it was found. */
export async function replayFailure(
  writer: LogWriterFactory,
  ref: WriterRef,
  at: { seed: number; path: string; profile: ProfileName },
): Promise<Failure | undefined> {
  const result = await runCampaign({ writer, ref, numRuns: 1, seed: at.seed, path: at.path, profile: at.profile });
  return result.failure;
}
