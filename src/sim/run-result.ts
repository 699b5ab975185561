// What one simulated run produced: how it ended, every call with its outcome, the trace,
// and what the file read back as. The invariants are checked against this.
import type { FaultKind } from './fault-plan';
import type { FileFacts } from './file-facts';
import type { CrashReport } from './page-cache';
import type { Scenario } from './scenario';
import type { Trace } from './trace';
import type { PlannedCall } from './workload';
import type { AckLevel, CallOutcome, ReadBack } from './writer-contract';

export type RunEnd =
  | { kind: 'completed' }
  | { kind: 'crashed'; beforeStep: number; files: CrashReport[] }
  | { kind: 'liveness'; blocked: string[] }
  | { kind: 'step-budget'; limit: number }
  | { kind: 'fs-budget'; message: string }
  | { kind: 'harness-error'; message: string }
  /** The writer itself failed outside a call: its open(), a clone(), its readBack(), a timer callback, or it flooded the microtask queue. */
  | { kind: 'writer-error'; during: WriterPhase; message: string }
  /** The writer handed back something that does not meet the writer contract. */
  | { kind: 'contract-error'; message: string };

/** Where a writer can fail other than in a call's answer. */
export type WriterPhase = 'open' | 'clone' | 'readBack' | 'timer' | 'microtasks';

export type ObservedOutcome = CallOutcome | { status: 'threw'; message: string };

export interface CallRecord extends PlannedCall {
  startStep: number;
  settledStep?: number;
  outcome?: ObservedOutcome;
  /**
   * For a flush or shutdown that resolved ok: the writer's reader's account of the file at
   * the moment the acknowledgement was given -- its durable bytes, or for a writer that
   * acknowledges `visible`, what readers saw -- what a process that lost power (or
   * exited) right after it would have left.
   */
  fileAtAck?: ReadBack;
}

export interface RunResult {
  writer: string;
  /** What the writer's acknowledgements promise (LogWriterFactory.acknowledges). */
  acknowledges: AckLevel;
  scenario: Scenario;
  end: RunEnd;
  calls: CallRecord[];
  steps: number;
  trace: Trace;
  hash: string;
  path: string | undefined;
  readBack: ReadBack;
  /** The writer's file as the harness reads it, when it exists. */
  file?: FileFacts;
  faultsFired: Record<FaultKind, number>;
  /**
   * How often callers waited on the writer: `waitedCalls` appends were still unanswered a
   * whole scheduler step after they started, with nothing of their own pending (for a
   * bounded queue: waiting for room). Absent where there are no steps (real file system).
   */
  backpressure?: { waitedCalls: number };
}

export function describeOutcome(o: ObservedOutcome): string {
  return o.status === 'failed' || o.status === 'threw' ? `${o.status}: ${o.message}` : o.status;
}

export function describeEnd(end: RunEnd): string {
  switch (end.kind) {
    case 'completed':
      return 'completed';
    case 'crashed':
      return `crashed before step ${end.beforeStep}`;
    case 'liveness':
      return `liveness failure: every actor is blocked and nothing is pending (${end.blocked.join(', ') || 'no actor busy'})`;
    case 'step-budget':
      return `step budget of ${end.limit} exhausted`;
    case 'fs-budget':
      return end.message;
    case 'harness-error':
      return `harness error: ${end.message}`;
    case 'writer-error':
      return `writer error in ${end.during}: ${end.message}`;
    case 'contract-error':
      return `writer contract not met: ${end.message}`;
  }
}
