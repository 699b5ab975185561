// A scenario is everything one run depends on: workload, fault plan, strategy, choice
// tape and the seeds for ids and time. Same scenario, same trace, in any process.
import type { FaultPlan } from './fault-plan';
import type { StrategySpec } from './strategy';
import type { HandleOp, Workload } from './workload';

export interface Scenario {
  readonly workload: Workload;
  readonly faults: FaultPlan;
  readonly strategy: StrategySpec;
  readonly tape: readonly number[];
  readonly idSeed: number;
  readonly startEpochMs: number;
  readonly utcOffsetMinutes: number;
}

/** Named limits of one run: no loop in the simulator is unbounded. */
export interface SimLimits {
  /** Scheduler decisions before a run is cut off as runaway. */
  maxSteps: number;
  /** File-system calls before a run is cut off as a retry loop that never ends. */
  maxFsCalls: number;
  /** Microtask turns with no new event after which the system counts as settled. */
  quietTicks: number;
  /** Microtask turns one settle may take before it is a failure (a microtask storm). */
  maxSettleTicks: number;
}

export const DEFAULT_LIMITS: SimLimits = {
  maxSteps: 2_000,
  maxFsCalls: 5_000,
  quietTicks: 24,
  maxSettleTicks: 100_000,
};

/** The smallest useful scenario: one handle actor making `ops`, one shutdown caller, no choices (FIFO). */
export function singleHandleScenario(ops: readonly HandleOp[], faults: FaultPlan['faults'] = [], idSeed = 7): Scenario {
  return {
    workload: {
      actors: [
        { kind: 'handle', name: 'h1', ops },
        { kind: 'shutdown', name: 'sd1', via: 'handle' },
      ],
    },
    faults: { faults },
    strategy: { kind: 'random' },
    tape: [],
    idSeed,
    startEpochMs: Date.UTC(2026, 0, 2, 3, 4, 5),
    utcOffsetMinutes: 0,
  };
}
