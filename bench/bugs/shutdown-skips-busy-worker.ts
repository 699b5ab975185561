// BUG: shutdown takes a shortcut when the command queue is empty -- "nothing queued,
// nothing to drain" -- and fsyncs and closes the file itself instead of going through
// the worker. But an empty queue is not an idle worker: the last batch may have been
// taken off the queue and be in flight (or the file still being created). Shutdown
// answers `ok` while that write has not landed, and the close makes it fail with EBADF.
// Where: the log's barrier(), an optimisation to skip a round trip through the worker.
// To find it: an append whose write is still in flight when a shutdown starts, and the
// shutdown's fsync and close completing before that write.
// Built on: the catalogue's append log (log/append-log.ts); fixed twin: that log.
import { AppendLog, appendLogWriter, OK, type Barrier } from './log/append-log';
import { describeError } from './log/jsonl-log';
import type { CallOutcome } from '../../src/sim/writer-contract';

class ShortcutLog extends AppendLog {
  override barrier(kind: Barrier): Promise<CallOutcome> {
    if (kind === 'shutdown' && this.queue.length === 0) return this.closeNow();
    return super.barrier(kind);
  }

  private async closeNow(): Promise<CallOutcome> {
    const handle = this.handle;
    this.handle = undefined;
    if (!handle) return OK;
    try {
      await this.sync(handle);
      await handle.close();
      return OK;
    } catch (err) {
      return { status: 'failed', message: `shutdown of ${this.path}: ${describeError(err)}` };
    }
  }
}

export const writer = appendLogWriter({ name: 'shutdown-skips-busy-worker', log: ShortcutLog });
