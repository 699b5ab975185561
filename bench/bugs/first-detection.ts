// The run at which a campaign first fails a writer, without the shrinking a campaign then
// does: the same property, bounds, seed and generator as runCampaign (so the same run
// index as `rollout-sim run` reports), stopped at the first failure. For the catalogue
// test, which only asks whether and when a bug is found.
import fc from 'fast-check';
import { ALL_INVARIANTS } from '../../src/invariants/index';
import { boundsFor, type ProfileName } from '../../src/campaign/profiles';
import { InvariantViolationError, writerProperty } from '../../src/campaign/writer-property';
import type { LogWriterFactory } from '../../src/sim/writer-contract';

export interface Detection {
  /** 1-based run that failed first, if any did within the budget. */
  run?: number;
  /** The invariants it broke. */
  invariants: string[];
}

/** The 1-based run a fast-check path names: its first segment is the 0-based index of the run that failed first. */
export function runOfPath(path: string): number {
  return Number(path.split(':')[0]) + 1;
}

export async function firstDetection(writer: LogWriterFactory, seed: number, numRuns: number, profile: ProfileName = 'default'): Promise<Detection> {
  const property = writerProperty(writer, { invariants: ALL_INVARIANTS, bounds: boundsFor(writer, profile) });
  const details = await fc.check(property, { seed, numRuns, endOnFailure: true });
  if (!details.failed) return { invariants: [] };
  const error = details.errorInstance;
  if (!(error instanceof InvariantViolationError)) throw new Error(`${writer.name} failed seed ${seed} outside the invariants: ${String(error)}`, { cause: error });
  return { run: runOfPath(details.counterexamplePath ?? '0'), invariants: [...new Set(error.violations.map((v) => v.invariant))] };
}
