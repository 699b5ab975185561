// The property every writer is held to: for any scenario fast-check draws, the run it
// gives keeps the invariants. The writer and the invariants are parameters, so the same
// property checks any variant or a user's module.
import fc from 'fast-check';
import { checkAll, type Invariant, type Violation } from '../invariants/index';
import { scenarioArbitrary, type ScenarioBounds } from '../sim/scenario-arbitrary';
import type { Scenario } from '../sim/scenario';
import { simulate, type RunResult } from '../sim/simulation';
import { floodedTheEventLoop } from '../sim/writer-failure';
import type { LogWriterFactory } from '../sim/writer-contract';
import { DeterminismSampler, rerunAndCompare } from './determinism-check';

export class InvariantViolationError extends Error {
  override name = 'InvariantViolationError';
  constructor(
    readonly violations: readonly Violation[],
    readonly hash: string,
  ) {
    super(violations.map((v) => `[${v.invariant}] ${v.message}`).join('\n'));
  }
}

export interface PropertyOptions {
  invariants: readonly Invariant[];
  bounds: ScenarioBounds;
  /** Called with every run, the shrinking ones included; `violations` include a divergence the re-run found. */
  onRun?: (run: RunResult, violations: readonly Violation[]) => void;
  /** Re-run one run in N and compare (0 or absent: never); after a divergence, every run (shrinking keeps checking). */
  checkDeterminism?: number;
  /** Called after every determinism re-run. */
  onDeterminismCheck?: (diverged: boolean) => void;
  /** Called as each run starts, before the writer is touched (a watchdog's heartbeat). */
  onRunStart?: () => void;
}

export function writerProperty(writer: LogWriterFactory, options: PropertyOptions): fc.IAsyncPropertyWithHooks<[Scenario]> {
  const sampler = new DeterminismSampler(options.checkDeterminism ?? 0);
  let flooded = false;
  return fc.asyncProperty(scenarioArbitrary(options.bounds), async (scenario) => {
    // After a microtask storm nothing more can run in this process: later candidates are
    // not run (they pass), so fast-check stops shrinking and reports the storm's run.
    if (flooded) return;
    options.onRunStart?.();
    const run = await simulate(writer, scenario);
    const violations = checkAll(run, options.invariants);
    flooded = floodedTheEventLoop(run.end);
    if (!flooded && sampler.next()) {
      const check = await rerunAndCompare(writer, run);
      options.onDeterminismCheck?.(check.violations.length > 0);
      if (check.violations.length > 0) sampler.recordDivergence();
      violations.push(...check.violations);
    }
    options.onRun?.(run, violations);
    if (violations.length > 0) throw new InvariantViolationError(violations, run.hash);
  });
}
