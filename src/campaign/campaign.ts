// A campaign: replay the regression corpus first, then let fast-check generate scenarios
// from one seed, run each in the simulator, check the invariants, and shrink the first
// failure. It reports counts for the summary and the failure with its replay command.
import fc from 'fast-check';
import { ALL_INVARIANTS, checkAll, type Invariant, type Violation } from '../invariants/index';
import type { Scenario } from '../sim/scenario';
import { simulate, type RunResult } from '../sim/simulation';
import { usesSession } from '../sim/workload';
import type { LogWriterFactory } from '../sim/writer-contract';
import type { Corpus, CorpusEntry } from './corpus';
import { DEFAULT_DETERMINISM_CHECK, rerunAndCompare } from './determinism-check';
import { corpusReplayCommand, replayCommand, type Failure, type WriterRef } from './failure';
import { RunStats, type CorpusSkipReason } from './run-stats';
import { InvariantViolationError, writerProperty } from './writer-property';
import { boundsFor, type ProfileName } from './profiles';

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
  /** Re-run one generated run in N and compare traces (0: never); default DEFAULT_DETERMINISM_CHECK. Failures are always replayed. */
  checkDeterminism?: number;
  onProgress?: (stats: RunStats) => void;
}

export interface CampaignResult {
  writer: string;
  seed: number;
  /** The profile the seed draws from: a seed means nothing without it. */
  profile: ProfileName;
  numRuns: number;
  stats: RunStats;
  corpusReplayed: number;
  /** Where the regression corpus is, when one was used. */
  corpus?: string;
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
  source: Failure['source'],
  command: string,
): Failure {
  return {
    invariants: [...new Set(violations.map((v) => v.invariant))],
    violations,
    seed: at.seed,
    path: at.path,
    profile: at.profile,
    scenario,
    run,
    replayCommand: command,
    source,
  };
}

export class ReplayPathError extends Error {
  override name = 'ReplayPathError';
  constructor(seed: number, path: string, profile: string) {
    super(
      `seed ${seed} and path ${path} do not name a run of the ${profile} profile's generator: ` +
        'was the failure found with another profile or another version of rollout-sim? A corpus entry replays with --corpus and --entry.',
    );
  }
}

export class UnknownCorpusEntryError extends Error {
  override name = 'UnknownCorpusEntryError';
  constructor(id: string, location: string, profiles?: { asked: string; found: string }) {
    super(
      profiles
        ? `entry ${JSON.stringify(id)} of the regression corpus ${location} was found with profile ${profiles.found}, not ${profiles.asked}`
        : `no entry ${JSON.stringify(id)} in the regression corpus ${location}`,
    );
  }
}

/**
 * A failure is replayed once before it is reported: if the replay's trace differs from the
 * run that failed, the failure reported is the divergence (`determinism`), with that run.
 */
async function confirmed(
  writer: LogWriterFactory,
  failed: { run: RunResult; violations: Violation[] },
  stats?: RunStats,
): Promise<{ run: RunResult; violations: Violation[] }> {
  const check = await rerunAndCompare(writer, failed.run);
  stats?.recordDeterminismCheck(check.violations.length > 0);
  return check.violations.length > 0 ? { run: failed.run, violations: check.violations } : failed;
}

/** Runs a corpus entry's scenario against the writer; a Failure if any invariant breaks. */
async function checkEntry(
  o: Pick<CampaignOptions, 'writer' | 'ref'>,
  corpus: Corpus,
  entry: CorpusEntry,
  invariants: readonly Invariant[],
  stats?: RunStats,
): Promise<Failure | undefined> {
  const run = await simulate(o.writer, entry.scenario);
  const violations = checkAll(run, invariants);
  if (violations.length === 0) return undefined;
  const failed = await confirmed(o.writer, { run, violations }, stats);
  const at = { seed: entry.seed, path: entry.path, profile: entry.profile ?? 'default' };
  return failureOf(failed.run, failed.violations, entry.scenario, at, 'corpus', corpusReplayCommand(o.ref, corpus.location, entry.id, at.profile));
}

/**
 * Why a campaign does not replay an entry, if it does not: the entry is another writer's
 * (its scenario says nothing about this one, and a user's writer is not to be failed by
 * the shipped variants' bugs), or another profile's (this campaign is not exploring that
 * shape), or it needs a session this writer has not.
 */
function corpusSkipReason(o: CampaignOptions, entry: CorpusEntry, profile: ProfileName): CorpusSkipReason | undefined {
  if (entry.writer !== o.writer.name) return 'other-writer';
  if ((entry.profile ?? 'default') !== profile) return 'other-profile';
  if (usesSession(entry.scenario.workload) && o.writer.hasSession !== true) return 'needs-session';
  return undefined;
}

async function replayCorpus(o: CampaignOptions, invariants: readonly Invariant[], stats: RunStats): Promise<Failure | undefined> {
  if (!o.corpus) return undefined;
  for (const entry of o.corpus.entries) {
    const skip = corpusSkipReason(o, entry, o.profile ?? 'default');
    if (skip) {
      stats.recordCorpusSkip(skip);
      continue;
    }
    const failure = await checkEntry(o, o.corpus, entry, invariants, stats);
    stats.recordCorpusRun();
    o.onProgress?.(stats);
    if (failure) return failure;
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
    profile,
    numRuns: plan.numRuns,
    stats,
    corpusReplayed: stats.corpusRuns,
    ...(o.corpus ? { corpus: o.corpus.location } : {}),
    failure,
    interrupted,
    savedToCorpus,
  });

  const fromCorpus = await replayCorpus(o, invariants, stats);
  if (fromCorpus) return result(fromCorpus, false, false);

  // The last run fast-check saw fail: the counterexample's own run, compared with the replay below.
  let lastFailed: { run: RunResult; violations: Violation[] } | undefined;
  const property = writerProperty(o.writer, {
    invariants,
    bounds: boundsFor(o.writer, profile),
    checkDeterminism: o.checkDeterminism ?? DEFAULT_DETERMINISM_CHECK,
    onDeterminismCheck: (diverged) => stats.recordDeterminismCheck(diverged),
    onRun: (run, violations) => {
      stats.record(run, violations.length > 0);
      if (violations.length > 0) lastFailed = { run, violations: [...violations] };
      o.onProgress?.(stats);
    },
  });
  const parameters: fc.Parameters<[Scenario]> = {
    numRuns: plan.numRuns,
    seed: plan.seed,
    ...(o.path ? { path: o.path, endOnFailure: true } : {}),
    ...(o.timeLimitMs ? { interruptAfterTimeLimit: o.timeLimitMs, markInterruptAsFailure: false } : {}),
  };
  let details: fc.RunDetails<[Scenario]>;
  try {
    details = await fc.check(property, parameters);
  } catch (err) {
    // fast-check refuses, synchronously, a path its generator cannot walk.
    if (o.path && err instanceof Error && err.message.startsWith('Unable to replay')) throw new ReplayPathError(plan.seed, o.path, profile);
    throw err;
  }
  if (!details.failed || !details.counterexample) return result(undefined, details.interrupted, false);

  if (!(details.errorInstance instanceof InvariantViolationError)) {
    // The simulator turns every error of the writer into a run result; anything else is ours.
    throw new Error(`rollout-sim failed while checking seed ${details.seed} path ${details.counterexamplePath}: ${String(details.errorInstance)}`, {
      cause: details.errorInstance,
    });
  }
  const [scenario] = details.counterexample;
  const { run, violations } = await replayCounterexample(o.writer, scenario, invariants, lastFailed, stats);
  const at = { seed: details.seed, path: details.counterexamplePath ?? '0', profile };
  const failure = failureOf(run, violations, scenario, at, 'search', replayCommand(o.ref, at.seed, at.path, profile));
  const saved = o.corpus ? await o.corpus.add({ id: run.hash.slice(0, 12), writer: o.writer.name, invariants: failure.invariants, ...at, scenario }) : false;
  return result(failure, details.interrupted, saved);
}

/** fast-check's counterexample as the run fast-check saw fail (re-simulated should it not be that one), confirmed by a replay. */
async function replayCounterexample(
  writer: LogWriterFactory,
  scenario: Scenario,
  invariants: readonly Invariant[],
  lastFailed: { run: RunResult; violations: Violation[] } | undefined,
  stats: RunStats,
): Promise<{ run: RunResult; violations: Violation[] }> {
  let failed = lastFailed && JSON.stringify(lastFailed.run.scenario) === JSON.stringify(scenario) ? lastFailed : undefined;
  if (!failed) {
    const run = await simulate(writer, scenario);
    failed = { run, violations: checkAll(run, invariants) };
  }
  return confirmed(writer, failed, stats);
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

/** Re-runs a saved corpus entry's scenario against the writer; `profile`, if given, must be the entry's. */
export async function replayCorpusEntry(
  writer: LogWriterFactory,
  ref: WriterRef,
  corpus: Corpus,
  id: string,
  profile?: ProfileName,
): Promise<Failure | undefined> {
  // Ids are trace hashes, so two writers' entries practically never share one; the writer's own comes first if they do.
  const entry = corpus.entries.find((e) => e.id === id && e.writer === writer.name) ?? corpus.entries.find((e) => e.id === id);
  if (!entry) throw new UnknownCorpusEntryError(id, corpus.location);
  const found = entry.profile ?? 'default';
  if (profile !== undefined && profile !== found) throw new UnknownCorpusEntryError(id, corpus.location, { asked: profile, found });
  return checkEntry({ writer, ref }, corpus, entry, ALL_INVARIANTS);
}
