// BUG: flush returns `ok` at once when nothing is batched -- "nothing buffered, nothing
// to flush". But the batch timer (or a persist) may already have handed the batch to the
// file: written, not fsynced. The flush vouches for items only in the page cache.
// Where: the batching log's barrier(), an early return for the idle case.
// To find it: an append, then its batch written by the timer firing (the clock moving on)
// or by a persist, then a flush.
// Built on: the catalogue's batching log (log/buffered-log.ts); fixed twin: that log.
import { BufferedLog, bufferedLogWriter } from './log/buffered-log';
import { OK, type Barrier } from './log/log-file';
import type { CallOutcome } from '../../src/sim/writer-contract';

class IdleShortcutLog extends BufferedLog {
  override barrier(kind: Exclude<Barrier, 'shutdown'>): Promise<CallOutcome> {
    if (this.state === 'open' && kind === 'flush' && this.batch.length === 0) return Promise.resolve(OK);
    return super.barrier(kind);
  }
}

export const writer = bufferedLogWriter('flush-skips-empty-batch', IdleShortcutLog);
