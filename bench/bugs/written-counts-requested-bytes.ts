// BUG: the write loop advances its buffer by what the kernel took, but adds what it asked
// for to its count of bytes in the file. Nothing reads that count until recovery: after a
// failed write the log compares the file's size with it to see how much of the failed
// write landed. A short write earlier has made the count too large, so the log thinks less
// of the torn write landed than did, and writes part of it again.
// Where: the log's writePending(), two variables kept for one quantity, one of them wrong.
// To find it: a short write, then a torn write (part written, then EIO) with no recovery
// between them, then a barrier that recovers -- two faults, in that order.
// Built on: the catalogue's append log (log/append-log.ts); fixed twin: that log.
import type { FileHandle } from '../../src/env/env';
import { AppendLog, appendLogWriter } from './log/append-log';

class MiscountingLog extends AppendLog {
  protected override async writePending(handle: FileHandle): Promise<void> {
    while (this.pending.length > 0) {
      const chunk = this.pending;
      const { bytesWritten } = await handle.write(chunk);
      if (bytesWritten <= 0) throw new Error(`write made no progress on ${this.path}`);
      this.pending = chunk.subarray(bytesWritten);
      this.written += chunk.length;
    }
  }
}

export const writer = appendLogWriter({ name: 'written-counts-requested-bytes', log: MiscountingLog });
