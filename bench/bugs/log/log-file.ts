// The file side of the catalogue's own writers, correct: create the file with its
// metadata line on first use; write the pending bytes, looping over short writes; at a
// barrier write what is left, fsync, and for a shutdown close. A failed write keeps its
// bytes and drops the handle; the next attempt reopens the file, asks its size to see how
// much of them landed, and goes on from there (a barrier tries twice). A failed fsync is
// sticky: on Linux it may have dropped the dirty pages and marked them clean, so no later
// barrier may claim durability. Written apart from src/recorder, so that the catalogue's
// bugs sit in code the harness has never seen.
//
// The front ends (append-log.ts, buffered-log.ts) decide when bytes reach `pending` and
// when a barrier runs; each catalogue bug overrides one method of a front end or of this.
import type { FileHandle, FileSystem } from '../../../src/env/env';
import type { CallOutcome } from '../../../src/sim/writer-contract';
import { describeError } from './jsonl-log';

export type Barrier = 'persist' | 'flush' | 'shutdown';

export const OK: CallOutcome = { status: 'ok' };
export const QUEUED: CallOutcome = { status: 'queued' };
export const CLOSED: CallOutcome = { status: 'closed' };
export const FILTERED: CallOutcome = { status: 'filtered' };

export class LogFile {
  /** Bytes accepted and not yet written, in order. */
  protected pending: Buffer = Buffer.alloc(0);
  protected handle: FileHandle | undefined;
  protected created = false;
  /** Bytes this log knows reached the file. */
  protected written = 0;
  /** Set when a write failed: later bytes only gather in `pending` until a barrier reopens the file. */
  protected broken = false;
  /** Errors met outside a barrier, for the next barrier to report if it cannot recover. */
  protected unreported: string[] = [];
  /** The first failed fsync, kept for good (see the top of this file). */
  protected syncError: string | undefined;

  constructor(
    protected readonly fs: FileSystem,
    readonly path: string,
    protected readonly meta: string,
  ) {}

  /** Adds `bytes` to what is pending and writes it out, unless a failure waits for a barrier. */
  protected async writeOut(bytes: Buffer): Promise<void> {
    this.pending = Buffer.concat([this.pending, bytes]);
    if (this.broken) return;
    try {
      await this.writePending(await this.file());
    } catch (err) {
      this.unreported.push(describeError(err));
      await this.dropHandle();
    }
  }

  /** Writes everything pending; for a flush or shutdown fsyncs it; for a shutdown closes the file. */
  protected async process(kind: Barrier): Promise<CallOutcome> {
    const errors: string[] = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await this.file();
        await this.writePending(handle);
        if (kind !== 'persist') await this.sync(handle);
        if (kind === 'shutdown') {
          this.handle = undefined;
          await handle.close();
        }
        if (kind !== 'persist' && this.syncError !== undefined) break;
        this.unreported = [];
        return OK;
      } catch (err) {
        errors.push(describeError(err));
        await this.dropHandle();
        // Syncing again would only report the dropped pages durable.
        if (this.syncError !== undefined) break;
      }
    }
    return this.failure(kind, errors);
  }

  /** The outcome of a barrier that could not keep its promise, naming every cause. */
  protected failure(kind: Barrier, errors: readonly string[]): CallOutcome {
    const causes = [...this.unreported, ...errors, ...(this.syncError ? [`an fsync failed: ${this.syncError}`] : [])];
    this.unreported = [];
    return { status: 'failed', message: `${kind} of ${this.path}: ${causes.join('; ')}` };
  }

  /** The open file, created with its metadata line on first use, reopened after a failure. */
  protected async file(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    if (!this.created) {
      await this.fs.mkdir(this.path.slice(0, this.path.lastIndexOf('/')), { recursive: true });
      this.handle = await this.fs.open(this.path, 'ax', 0o600);
      this.created = true;
      this.pending = Buffer.concat([Buffer.from(this.meta), this.pending]);
    } else {
      this.handle = await this.fs.open(this.path, 'a', 0o600);
      await this.realign();
    }
    this.broken = false;
    return this.handle;
  }

  /** After a failed write: part of the pending bytes may have landed; go on from where the file ends. */
  protected async realign(): Promise<void> {
    const { size } = await this.fs.stat(this.path);
    const landed = Math.min(Math.max(size - this.written, 0), this.pending.length);
    this.pending = this.pending.subarray(landed);
    this.written = size;
  }

  protected async writePending(handle: FileHandle): Promise<void> {
    while (this.pending.length > 0) {
      const { bytesWritten } = await handle.write(this.pending);
      if (bytesWritten <= 0) throw new Error(`write made no progress on ${this.path}`);
      this.pending = this.pending.subarray(bytesWritten);
      this.written += bytesWritten;
    }
  }

  protected async sync(handle: FileHandle): Promise<void> {
    try {
      await handle.sync();
    } catch (err) {
      this.syncError ??= describeError(err);
      throw err;
    }
  }

  protected async dropHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.broken = true;
    await handle?.close().catch(() => undefined);
  }
}
