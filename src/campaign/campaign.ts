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

function failureOf(run: RunResult, violations: Violation[], scenario: Scenario, seed: number, path: string, source: Failure['source'], ref: WriterRef): Failure {
  return {
    invariants: [...new Set(violations.map((v) => v.invariant))],
    violations,
    seed,
    path,
    scenario,
    run,
    replayCommand: source === 'search' ? replayCommand(ref, seed, path) : `${replayCommand(ref, seed, path)}  (from the corpus, for the writer that first failed it)`,
    source,
  };
}

async function replayCorpus(o: CampaignOptions, invariants: readonly Invariant[], stats: RunStats): Promise<Failure | undefined> {
  for (const entry of o.corpus?.entries ?? []) {
    const run = await simulate(o.writer, entry.scenario);
    const violations = checkAll(run, invariants);
    stats.record(run, false);
    o.onProgress?.(stats);
    if (violations.length > 0) return failureOf(run, violations, entry.scenario, entry.seed, entry.path, 'corpus', o.ref);
  }
  return undefined;
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const invariants = o.invariants ?? ALL_INVARIANTS;
  const stats = new RunStats();
  const plan = shardPlan(o.numRuns, o.seed, o.shard);
  const result = (failure: Failure | undefined, interrupted: boolean, savedToCorpus: boolean): CampaignResult => ({
    writer: o.writer.name,
    seed: plan.seed,
    numRuns: plan.numRuns,
    stats,
    corpusReplayed: o.corpus?.entries.length ?? 0,
    failure,
    interrupted,
    savedToCorpus,
  });

  const fromCorpus = await replayCorpus(o, invariants, stats);
  if (fromCorpus) return result(fromCorpus, false, false);

  const property = writerProperty(o.writer, {
    invariants,
    onRun: (run, violations) => {
      stats.record(run, violations.length > 0);
      o.onProgress?.(stats);
    },
  });
  const details = await fc.check(property, {
    numRuns: plan.numRuns,
    seed: plan.seed,
    ...(o.timeLimitMs ? { interruptAfterTimeLimit: o.timeLimitMs, markInterruptAsFailure: false } : {}),
  });
  if (!details.failed || !details.counterexample) return result(undefined, details.interrupted, false);

  const [scenario] = details.counterexample;
  const run = await simulate(o.writer, scenario);
  const violations =
    details.errorInstance instanceof InvariantViolationError
      ? checkAll(run, invariants)
      : [{ invariant: 'liveness' as const, message: `the property threw: ${String(details.errorInstance)}` }];
  const failure = failureOf(run, violations, scenario, details.seed, details.counterexamplePath ?? '0', 'search', o.ref);
  const saved = o.corpus
    ? await o.corpus.add({ id: run.hash.slice(0, 12), writer: o.writer.name, invariants: failure.invariants, seed: failure.seed, path: failure.path, scenario })
    : false;
  return result(failure, details.interrupted, saved);
}

/** Re-runs the failure at `path` of the campaign with `seed`, exactly as it was found. */
export async function replayFailure(
  writer: LogWriterFactory,
  ref: WriterRef,
  seed: number,
  path: string,
  invariants: readonly Invariant[] = ALL_INVARIANTS,
): Promise<Failure | undefined> {
  const details = await fc.check(writerProperty(writer, { invariants }), { seed, path, endOnFailure: true });
  if (!details.failed || !details.counterexample) return undefined;
  const [scenario] = details.counterexample;
  const run = await simulate(writer, scenario);
  return failureOf(run, checkAll(run, invariants), scenario, seed, path, 'search', ref);
}
