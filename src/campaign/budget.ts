// Budgets in fast-check's terms, from environment variables, so that `npm test` stays
// quick by default and a nightly job can turn them up without touching code:
//   ROLLOUT_SIM_RUNS        runs per property (numRuns)
//   ROLLOUT_SIM_SEED        seed (default fixed, so the default suite is reproducible)
//   ROLLOUT_SIM_PATH        replay path of a failure (with its seed)
//   ROLLOUT_SIM_TIME_LIMIT  seconds after which a property stops generating (interruptAfterTimeLimit)
//   ROLLOUT_SIM_SEEDS       seeds a sweep test walks (settle depth, hashes across processes)
import { FAST_CHECK_PATH } from './failure';

export interface Budget {
  numRuns: number;
  seed: number;
  path?: string;
  /** Milliseconds, as fast-check takes it. */
  interruptAfterTimeLimit?: number;
}

export class BudgetError extends Error {
  override name = 'BudgetError';
}

/** The default seed of the test suite: fixed, so a default `npm test` is the same run everywhere. */
export const DEFAULT_SUITE_SEED = 20260326;

function intFrom(env: NodeJS.ProcessEnv, key: string, min: number, max: number): number | undefined {
  const raw = env[key];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BudgetError(`${key} must be a whole number from ${min} to ${max}; got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function budgetFromEnv(defaults: { numRuns: number; seed?: number }, env: NodeJS.ProcessEnv = process.env): Budget {
  const seconds = intFrom(env, 'ROLLOUT_SIM_TIME_LIMIT', 1, 7 * 24 * 3600);
  const path = env.ROLLOUT_SIM_PATH;
  if (path !== undefined && path !== '' && !FAST_CHECK_PATH.test(path)) {
    throw new BudgetError(`ROLLOUT_SIM_PATH must look like 12:0:3 (a fast-check path); got ${JSON.stringify(path)}`);
  }
  return {
    numRuns: intFrom(env, 'ROLLOUT_SIM_RUNS', 1, 10_000_000) ?? defaults.numRuns,
    seed: intFrom(env, 'ROLLOUT_SIM_SEED', -(2 ** 31), 2 ** 31 - 1) ?? defaults.seed ?? DEFAULT_SUITE_SEED,
    ...(path ? { path } : {}),
    ...(seconds ? { interruptAfterTimeLimit: seconds * 1000 } : {}),
  };
}

/** How many seeds a sweep test walks: `fallback` unless ROLLOUT_SIM_SEEDS says otherwise. */
export function sweepSeedsFromEnv(fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  return intFrom(env, 'ROLLOUT_SIM_SEEDS', 1, 1_000_000) ?? fallback;
}
