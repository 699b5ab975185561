// BUG: the batch timer writes the batch directly instead of queueing behind the file work
// already under way -- "it only appends; only barriers need ordering". A timed write and a
// barrier (or a second timed write) then run at once over the same pending bytes: both
// write them, and the items appear twice (or a line is cut into another).
// Where: the batching log's timer callback, calling writeBatch() without serially().
// To find it: the timer firing while a write is still in flight -- an append, the clock
// moving past the batch delay, and a flush (or a second batch) before that write lands.
// Built on: the catalogue's batching log (log/buffered-log.ts); fixed twin: that log.
import { BufferedLog, bufferedLogWriter } from './log/buffered-log';

class UnchainedTimerLog extends BufferedLog {
  protected override onTimer(): void {
    this.timer = undefined;
    void this.writeBatch();
  }
}

export const writer = bufferedLogWriter('timed-write-skips-the-chain', UnchainedTimerLog);
