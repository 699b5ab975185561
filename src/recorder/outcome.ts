// What each recorder call resolves with. A call's promise settles with one of these; it
// rejects only for bad input or, in the `legacy` variant, when the channel is closed.
import type { RolloutWriteError } from './errors';

export type RecordOutcome =
  /** The items are in the writer's queue; `count` is how many passed the persistence policy. */
  | { status: 'queued'; count: number }
  /** The policy kept none of the items: nothing to write, the writer was not touched. */
  | { status: 'filtered' }
  /** Shutdown has begun; nothing was queued. */
  | { status: 'closed' };

export type BarrierOutcome =
  /** Everything queued before the barrier is written (and fsynced, for flush and shutdown). */
  | { status: 'ok'; path: string | undefined; recoveredFrom: readonly string[] }
  /** The barrier could not complete, even after a reopen and retry; unwritten items are kept. */
  | { status: 'failed'; error: RolloutWriteError }
  /** Shutdown has begun; this barrier did nothing. */
  | { status: 'closed' };

export type BarrierKind = 'persist' | 'flush' | 'shutdown' | 'discard';
