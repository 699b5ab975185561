// A campaign: replay the regression corpus first, then let fast-check generate scenarios
// from one seed, run each in the simulator, check the invariants, and shrink the first
// failure. It reports counts for the summary and the failure with its replay command.
import fc from 'fast-check';
import { ALL_INVARIANTS, checkAll, type Invariant, type Violation } from '../invariants/index';
import type { Scenario } from '../sim/scenario';
import { simulate, type RunResult } from '../sim/simulation';
import { floodedTheEventLoop } from '../sim/writer-failure';
import type { LogWriterFactory } from '../sim/writer-contract';
import type { Corpus } from './corpus';
import { replayCorpus } from './corpus-replay';
import { confirmFailure, DEFAULT_DETERMINISM_CHECK } from './determinism-check';
import { failureOf, generatorName, replayCommand, type Failure, type WriterRef } from './failure';
import { RunStats } from './run-stats';
import { InvariantViolationError, writerProperty } from './writer-property';
import { boundsFor, type ProfileName, type StrategyMix } from './profiles';
import type { OnRunStart } from './run-beat';

/** The most runs one campaign generates (`run --runs`): no failure's path can start beyond it. */
export const MAX_CAMPAIGN_RUNS = 100_000_000;
/** fast-check walks to a path's run by drawing every run before it: about 1.6 µs each here, allowed 5. */
const SKIP_ALLOWANCE_MS_PER_RUN = 0.005;

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
  /** Which scheduling strategies runs draw (default `mixed`). */
  strategy?: StrategyMix;
  /** Replay only the failure at this fast-check path (with `seed`), as it was found. */
  path?: string;
  /** Report the first failing run as it was found, without shrinking it (fast-check's endOnFailure). */
  endOnFailure?: boolean;
  corpus?: Corpus;
  /** Re-run one generated run in N and compare traces (0: never); default DEFAULT_DETERMINISM_CHECK. Failures are always replayed. */
  checkDeterminism?: number;
  onProgress?: (stats: RunStats) => void;
  /** Told as each run starts (generated, shrinking or from the corpus), with the command that replays it. */
  onRunStart?: OnRunStart;
}

export interface CampaignResult {
  writer: string;
  seed: number;
  /** The profile the seed draws from: a seed means nothing without it. */
  profile: ProfileName;
  strategy: StrategyMix;
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

export class ReplayPathError extends Error {
  override name = 'ReplayPathError';
  constructor(seed: number, path: string, profile: string, why?: string) {
    super(
      why
        ? `seed ${seed} and path ${path} (profile ${profile}) cannot be replayed: ${why}`
        : `seed ${seed} and path ${path} do not name a run of the ${profile} profile's generator: ` +
            'was the failure found with another profile or another version of rollout-sim? A corpus entry replays with --corpus and --entry.',
    );
  }
}

/** Refuses, before anything runs, a path whose run index no campaign could have reached. */
export function checkReplayPath(seed: number, path: string, profile: string): number {
  const index = Number(path.split(':')[0]);
  if (!Number.isSafeInteger(index) || index >= MAX_CAMPAIGN_RUNS) {
    throw new ReplayPathError(seed, path, profile, `its run index ${path.split(':')[0]} is beyond any campaign (at most ${MAX_CAMPAIGN_RUNS} runs)`);
  }
  return index;
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const invariants = o.invariants ?? ALL_INVARIANTS;
  const profile = o.profile ?? 'default';
  const strategy = o.strategy ?? 'mixed';
  const generator = generatorName(profile, strategy);
  const stats = new RunStats();
  const plan = shardPlan(o.numRuns, o.seed, o.shard);
  const result = (failure: Failure | undefined, interrupted: boolean, savedToCorpus: boolean): CampaignResult => ({
    writer: o.writer.name,
    seed: plan.seed,
    profile,
    strategy,
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
  // Until the first failure, run i of the campaign is path i; after it, fast-check is shrinking.
  let generated = 0;
  let firstFailurePath: string | undefined;
  const beatOf = (index: number) => {
    if (lastFailed) {
      firstFailurePath ??= o.path ?? String(index - 1);
      return {
        run: `a shrink candidate of the failure at seed ${plan.seed} path ${firstFailurePath} (${generator})`,
        replay: replayCommand(o.ref, plan.seed, firstFailurePath, profile, strategy),
      };
    }
    const path = o.path ?? String(index);
    return { run: `run ${path} of seed ${plan.seed} (${generator})`, replay: replayCommand(o.ref, plan.seed, path, profile, strategy) };
  };
  const property = writerProperty(o.writer, {
    invariants,
    bounds: boundsFor(o.writer, profile, strategy),
    checkDeterminism: o.checkDeterminism ?? DEFAULT_DETERMINISM_CHECK,
    onDeterminismCheck: (diverged) => stats.recordDeterminismCheck(diverged),
    onRunStart: () => o.onRunStart?.(beatOf(generated++)),
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
    ...(o.endOnFailure ? { endOnFailure: true } : {}),
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
  const at = { seed: details.seed, path: details.counterexamplePath ?? '0', profile, strategy };
  const failure = failureOf(run, violations, scenario, at, 'search', replayCommand(o.ref, at.seed, at.path, profile, strategy));
  const saved = o.corpus && !floodedTheEventLoop(run.end) ? await o.corpus.add({ id: run.hash.slice(0, 12), writer: o.writer.name, invariants: failure.invariants, seed: at.seed, path: at.path, profile, scenario }) : false;
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
    const violations = checkAll(run, invariants);
    // fast-check saw this scenario fail; if it holds now, the writer's outcome changed between runs.
    failed = { run, violations: violations.length > 0 ? violations : [unconfirmed(run)] };
  }
  return confirmFailure(writer, failed, (diverged) => stats.recordDeterminismCheck(diverged));
}

function unconfirmed(run: RunResult): Violation {
  return {
    invariant: 'determinism',
    message:
      'the scenario failed when the campaign ran it and every invariant held when it was run again: ' +
      `the writer's outcome depends on something outside its env or on state kept between runs (trace-hash of the passing run: ${run.hash})`,
  };
}

/** Re-runs the failure at `path` of the campaign with `seed`, exactly as it was found. */
export async function replayFailure(
  writer: LogWriterFactory,
  ref: WriterRef,
  at: { seed: number; path: string; profile: ProfileName; strategy?: StrategyMix },
  onRunStart?: OnRunStart,
): Promise<Failure | undefined> {
  const index = checkReplayPath(at.seed, at.path, at.profile);
  // fast-check draws every run before the path's: give the watchdog time for that.
  onRunStart?.({ run: `drawing the runs before path ${at.path} of seed ${at.seed}`, allowMs: index * SKIP_ALLOWANCE_MS_PER_RUN });
  const result = await runCampaign({ writer, ref, numRuns: 1, seed: at.seed, path: at.path, profile: at.profile, strategy: at.strategy, onRunStart });
  return result.failure;
}
