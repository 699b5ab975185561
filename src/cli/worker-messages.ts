// What the watchdog's worker posts to the main thread, one message per event, in order.
import type { RunBeat } from '../campaign/run-beat';

export type WorkerMessage =
  | { kind: 'beat'; beat: RunBeat }
  | { kind: 'out'; line: string }
  | { kind: 'err'; line: string }
  | { kind: 'progress-start'; total: number; label: string }
  | { kind: 'progress'; done: number }
  | { kind: 'progress-stop' }
  | { kind: 'exit'; code: number }
  | { kind: 'crash'; stack: string };
