// The one call a jest or vitest test makes to check a writer with every invariant, with
// fast-check's conventions (fc.assert's numRuns, seed, path, interruptAfterTimeLimit,
// endOnFailure): it resolves when every run held, and rejects with a WriterPropertyError
// whose message holds what a failure report does -- the invariant, the seed and path, the
// shrunk trace and the one command that replays it -- so a failing test says it all.
import { randomInt } from 'node:crypto';
import type { Invariant } from '../invariants/index';
import type { LogWriterFactory } from '../sim/writer-contract';
import { runCampaign, type CampaignResult } from './campaign';
import { FAST_CHECK_PATH, formatFailure, type Failure, type WriterRef } from './failure';
import type { ProfileName, StrategyMix } from './profiles';

export interface AssertWriterOptions {
  /** Runs to generate (fast-check's default: 100). */
  numRuns?: number;
  /** A 32-bit seed; a fresh one, printed on failure, when absent. */
  seed?: number;
  /** With `seed`: replay only the failure at this path, as a failure message gives it. */
  path?: string;
  /** Stop generating after this many milliseconds; the runs made by then must hold. */
  interruptAfterTimeLimit?: number;
  /** Report the first failing run without shrinking it. */
  endOnFailure?: boolean;
  profile?: ProfileName;
  strategy?: StrategyMix;
  /** The invariants to check; all of them when absent. */
  invariants?: readonly Invariant[];
  /** How the replay command names the writer: the module path you would give `--recorder` (default: the writer's name). */
  replayAs?: WriterRef;
}

/** A writer broke an invariant: the message is the whole report; `failure` the same as data. */
export class WriterPropertyError extends Error {
  override name = 'WriterPropertyError';
  constructor(
    readonly failure: Failure,
    readonly result: CampaignResult,
  ) {
    super(`${result.writer} failed ${failure.invariants.join(', ')} after ${result.stats.runs} run(s) (seed ${failure.seed})\n${formatFailure(failure)}`);
  }
}

/** An option that is not what it says; named, with the value given. */
export class AssertWriterOptionError extends RangeError {
  override name = 'AssertWriterOptionError';
}

function check(options: AssertWriterOptions): void {
  const bad = (name: string, want: string) => new AssertWriterOptionError(`assertWriter: ${name} must be ${want}; got ${JSON.stringify((options as Record<string, unknown>)[name])}`);
  if (options.numRuns !== undefined && (!Number.isSafeInteger(options.numRuns) || options.numRuns < 0)) throw bad('numRuns', 'a whole number from 0');
  if (options.seed !== undefined && (!Number.isInteger(options.seed) || Math.abs(options.seed) > 2 ** 31 - 1)) throw bad('seed', 'a 32-bit integer');
  if (options.path !== undefined && !FAST_CHECK_PATH.test(options.path)) throw bad('path', 'a fast-check path such as 0:1:3');
  if (options.path !== undefined && options.seed === undefined) throw bad('seed', 'given with path (a path names a run only with its seed)');
  if (options.interruptAfterTimeLimit !== undefined && !(options.interruptAfterTimeLimit > 0)) throw bad('interruptAfterTimeLimit', 'a positive number of milliseconds');
}

export async function assertWriter(writer: LogWriterFactory, options: AssertWriterOptions = {}): Promise<CampaignResult> {
  check(options);
  const result = await runCampaign({
    writer,
    ref: options.replayAs ?? { recorder: writer.name },
    numRuns: options.numRuns ?? 100,
    seed: options.seed ?? randomInt(2 ** 31 - 1),
    ...(options.path !== undefined ? { path: options.path } : {}),
    ...(options.interruptAfterTimeLimit !== undefined ? { timeLimitMs: options.interruptAfterTimeLimit } : {}),
    ...(options.endOnFailure ? { endOnFailure: true } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.strategy ? { strategy: options.strategy } : {}),
    ...(options.invariants ? { invariants: options.invariants } : {}),
  });
  if (result.failure) throw new WriterPropertyError(result.failure, result);
  return result;
}
