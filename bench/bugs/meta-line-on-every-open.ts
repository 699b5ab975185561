// BUG: opening the file and writing the metadata line are one step -- "a log starts with
// its metadata" -- so when the log reopens the file after a failed write, it writes the
// metadata line again, in the middle of the file. The reader finds two metadata lines.
// Where: the log's file(), merging first open and reopen into one path.
// To find it: a failed write or fsync (either drops the handle), then a barrier that reopens.
// Built on: the catalogue's append log (log/append-log.ts); fixed twin: that log.
import type { FileHandle } from '../../src/env/env';
import { AppendLog, appendLogWriter } from './log/append-log';

class ReopeningLog extends AppendLog {
  protected override async file(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    if (!this.created) await this.fs.mkdir(this.path.slice(0, this.path.lastIndexOf('/')), { recursive: true });
    this.handle = await this.fs.open(this.path, 'a', 0o600);
    if (this.created) await this.realign();
    this.created = true;
    this.pending = Buffer.concat([Buffer.from(this.meta), this.pending]);
    this.broken = false;
    return this.handle;
  }
}

export const writer = appendLogWriter({ name: 'meta-line-on-every-open', log: ReopeningLog });
