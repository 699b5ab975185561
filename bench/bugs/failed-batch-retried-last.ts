// BUG: when a batch's write fails, the log sets the batch aside for the next barrier to
// retry -- "one bad write should not hold up the rest" -- and goes on writing later
// batches on a fresh handle. The retry then lands after them: items out of their callers'
// order, or the metadata line after the first items when the failed write was the first.
// Where: the log's add() (the worker's per-batch write), a retry list appended to the end.
// To find it: a write fault (ENOSPC, EIO), then a later append before a barrier.
// Built on: the catalogue's append log (log/append-log.ts); fixed twin: that log.
import { AppendLog, appendLogWriter, type Barrier } from './log/append-log';
import { describeError } from './log/jsonl-log';
import type { CallOutcome } from '../../src/sim/writer-contract';

class SetAsideLog extends AppendLog {
  /** Bytes whose write failed, for the next barrier to retry. */
  private retry: Buffer = Buffer.alloc(0);

  protected override async add(bytes: Buffer): Promise<void> {
    this.pending = Buffer.concat([this.pending, bytes]);
    try {
      await this.writePending(await this.file());
    } catch (err) {
      this.unreported.push(describeError(err));
      this.retry = Buffer.concat([this.retry, this.pending]);
      this.pending = Buffer.alloc(0);
      await this.dropHandle();
    }
  }

  protected override process(kind: Barrier): Promise<CallOutcome> {
    this.pending = Buffer.concat([this.pending, this.retry]);
    this.retry = Buffer.alloc(0);
    return super.process(kind);
  }
}

export const writer = appendLogWriter({ name: 'failed-batch-retried-last', log: SetAsideLog });
