// What an invariant is: a named check over one finished run. Each is stated once, in its
// own file, and checked against whatever writer produced the run.
import type { FaultKind } from '../sim/fault-plan';
import type { CallRecord, RunResult } from '../sim/simulation';

/**
 * `determinism` compares two runs of one scenario, so it is checked by the campaign, not per run (see determinism.ts);
 * `run-timeout` is the watchdog's: a run that did not finish in wall-clock time (see cli/watchdog.ts).
 */
export const INVARIANT_NAMES = ['no-acknowledged-item-lost', 'no-post-shutdown-throw', 'replay-equals-history', 'liveness', 'writer-contract', 'determinism', 'run-timeout'] as const;
export type InvariantName = (typeof INVARIANT_NAMES)[number];

export interface Violation {
  invariant: InvariantName;
  message: string;
  /**
   * Where it broke, when one call broke it: the step that call settled at, and its actor
   * (the report marks them). Absent when the run as a whole is judged at its end.
   */
  at?: { step: number; actor: string };
}

export interface Invariant {
  readonly name: InvariantName;
  /** One line, as the SPEC states it. */
  readonly statement: string;
  check(run: RunResult): Violation[];
}

const SHUTDOWN_OPS: ReadonlySet<CallRecord['op']> = new Set(['shutdown', 'session-shutdown']);

export function isShutdown(call: CallRecord): boolean {
  return SHUTDOWN_OPS.has(call.op);
}

/** The first shutdown call to start, if any: the moment "shutdown began". */
export function firstShutdown(run: RunResult): CallRecord | undefined {
  return run.calls.filter(isShutdown).sort((a, b) => a.startStep - b.startStep)[0];
}

/** A run that completed with at least one shutdown that resolved ok. */
export function shutDownCleanly(run: RunResult): boolean {
  return run.end.kind === 'completed' && run.calls.some((c) => isShutdown(c) && c.outcome?.status === 'ok');
}

/**
 * Faults that make a file-system call fail. A short write and latency are not among them:
 * Linux reports a short count or takes its time, and a writer must carry on past both.
 */
const ERROR_FAULTS: readonly FaultKind[] = ['enospc', 'eio-write', 'torn-write', 'fsync-fail'];

/**
 * The shutdowns of a completed run that all settled failed while the file system failed no
 * call: nothing outside the writer explains the failure, so it is no excuse for losing what
 * the writer accepted (log4js#1005 fails its second shutdown with "write after end" and
 * drops the records still buffered). Empty when the run is clean, crashed, or saw an error.
 */
export function unexplainedShutdownFailures(run: RunResult): CallRecord[] {
  if (run.end.kind !== 'completed' || ERROR_FAULTS.some((k) => run.faultsFired[k] > 0)) return [];
  const shutdowns = run.calls.filter(isShutdown);
  const allFailed = shutdowns.length > 0 && shutdowns.every((c) => c.outcome?.status === 'failed');
  return allFailed ? shutdowns : [];
}

export function durableIds(call: CallRecord): string[] {
  return call.items.filter((i) => i.durable).map((i) => i.id);
}

/** Calls that hand items to the writer. */
export function isItemCall(call: CallRecord): boolean {
  return call.op === 'append' || call.op === 'session-persist';
}

export function isFlush(call: CallRecord): boolean {
  return call.op === 'flush' || call.op === 'session-flush';
}

/** How many ids a message names before it says how many more there are. */
export const LISTED = 8;

export function listIds(ids: readonly string[], max = LISTED): string {
  return listFirstIds(ids.slice(0, max), ids.length, max);
}

/** As listIds, given only the first `max` of `total` ids. */
export function listFirstIds(first: readonly string[], total: number, max = LISTED): string {
  return total <= max ? first.join(', ') : `${first.slice(0, max).join(', ')} and ${total - max} more`;
}
