// BUG: concurrent flushes are deduplicated -- a flush that finds another one on its way
// returns that one's promise instead of queueing its own: "it will flush everything
// anyway". It will not: it covers only what was queued before it. An item appended after
// the first flush was queued, and before the second was called, is vouched for by the
// second flush's `ok` without having been written or fsynced.
// Where: the handle's flush(), an in-flight-promise cache shared by the handles.
// To find it: two handles: one flushes, the other appends and flushes while the first
// flush is still in the worker's hands -- three calls in that order, across actors.
// Built on: the catalogue's append log (log/append-log.ts); fixed twin: that log.
import { AppendLog, appendLogWriter, AppendLogHandle, CLOSED } from './log/append-log';
import type { CallOutcome } from '../../src/sim/writer-contract';

const flushOnItsWay = new WeakMap<AppendLog, Promise<CallOutcome>>();

class SharingFlushHandle extends AppendLogHandle {
  override flush(): Promise<CallOutcome> {
    if (this.life.state !== 'open') return Promise.resolve(CLOSED);
    let flush = flushOnItsWay.get(this.log);
    if (!flush) {
      flush = this.log.barrier('flush').finally(() => flushOnItsWay.delete(this.log));
      flushOnItsWay.set(this.log, flush);
    }
    return flush;
  }
}

export const writer = appendLogWriter({ name: 'concurrent-flush-joins-queued-one', handle: SharingFlushHandle });
