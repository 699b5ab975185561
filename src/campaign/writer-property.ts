// The property every writer is held to: for any scenario fast-check draws, the run it
// gives keeps the invariants. The writer and the invariants are parameters, so the same
// property checks any variant or a user's module.
import fc from 'fast-check';
import { checkAll, type Invariant, type Violation } from '../invariants/index';
import { scenarioArbitrary, type ScenarioBounds } from '../sim/scenario-arbitrary';
import type { Scenario } from '../sim/scenario';
import { simulate, type RunResult } from '../sim/simulation';
import type { LogWriterFactory } from '../sim/writer-contract';

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
  /** Called with every run, the shrinking ones included. */
  onRun?: (run: RunResult, violations: readonly Violation[]) => void;
}

export function writerProperty(writer: LogWriterFactory, options: PropertyOptions): fc.IAsyncPropertyWithHooks<[Scenario]> {
  return fc.asyncProperty(scenarioArbitrary(options.bounds), async (scenario) => {
    const run = await simulate(writer, scenario);
    const violations = checkAll(run, options.invariants);
    options.onRun?.(run, violations);
    if (violations.length > 0) throw new InvariantViolationError(violations, run.hash);
  });
}
