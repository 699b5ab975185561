// BUG: after a failed write the log reopens the file and writes the failed batch again,
// whole: "the write failed, so nothing was written". A write that fails with EIO may have
// put part of the batch in the file first; retrying it whole duplicates the lines that
// landed, or glues the retry onto the half line that did.
// Where: the log's recovery path (realign()), which should ask the file's size.
// To find it: a torn write (part written, then EIO), then a barrier that retries.
// Built on: the catalogue's append log (log/append-log.ts); fixed twin: that log.
import { AppendLog, appendLogWriter } from './log/append-log';

class TrustingLog extends AppendLog {
  protected override async realign(): Promise<void> {
    // Nothing to do: a failed write wrote nothing.
  }
}

export const writer = appendLogWriter({ name: 'torn-write-retried-whole', log: TrustingLog });
