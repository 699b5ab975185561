// A failure of the writer outside the answer to a call -- its open(), a clone(), its
// readBack(), a timer callback, a flood of microtasks -- or a breach of the contract seen
// while it ran (an answer that is not a CallOutcome, I/O on the real disk). Thrown inside
// the simulation so the run stops there, and turned into the run's end: the writer's
// failure, reported as such, never as an error of the harness.
import type { RunEnd, WriterPhase } from './run-result';
import { TimerCallbackError } from './sim-timers';
import { WriterContractError } from './writer-contract';

export class WriterFailure extends Error {
  override name = 'WriterFailure';
  constructor(
    readonly during: WriterPhase,
    message: string,
  ) {
    super(message);
  }
}

/** A breach of the contract found while the writer ran (exit 2 at the command line, as a bad module is). */
export class ContractBreach extends Error {
  override name = 'ContractBreach';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** How a run that stopped with `err` ended; anything not the writer's is the harness's own error. */
export function endFor(err: unknown): RunEnd {
  if (err instanceof WriterFailure) return { kind: 'writer-error', during: err.during, message: err.message };
  if (err instanceof TimerCallbackError) return { kind: 'writer-error', during: 'timer', message: err.message };
  if (err instanceof WriterContractError || err instanceof ContractBreach) return { kind: 'contract-error', message: err.message };
  return { kind: 'harness-error', message: errorMessage(err) };
}

/**
 * Whether the run ended in a microtask storm. The writer's flood goes on after the run
 * (nothing can stop a promise chain), and no timer or I/O callback of this process will
 * run again: a caller must not re-run, shrink or await real I/O after it -- only report.
 */
export function floodedTheEventLoop(end: RunEnd): boolean {
  return end.kind === 'writer-error' && end.during === 'microtasks';
}
