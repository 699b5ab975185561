// BUG: the write loop handles a short write by writing again -- but the whole buffer,
// not the part after what the kernel took (`write(buf)` where it meant
// `write(buf.subarray(offset))`). A short write leaves the head of the batch in the file
// twice: a garbled line, a duplicated item, or a second metadata line.
// Where: the log's writePending(), the loop every writer over write(2) needs.
// To find it: a short write (legal for any write(2); a signal or a nearly full disk).
// Built on: the catalogue's append log (log/append-log.ts); fixed twin: that log.
import type { FileHandle } from '../../src/env/env';
import { AppendLog, appendLogWriter } from './log/append-log';

class RestartingLog extends AppendLog {
  protected override async writePending(handle: FileHandle): Promise<void> {
    let offset = 0;
    while (offset < this.pending.length) {
      const { bytesWritten } = await handle.write(this.pending);
      if (bytesWritten <= 0) throw new Error(`write made no progress on ${this.path}`);
      offset += bytesWritten;
      this.written += bytesWritten;
    }
    this.pending = this.pending.subarray(offset);
  }
}

export const writer = appendLogWriter({ name: 'short-write-restarts-buffer', log: RestartingLog });
