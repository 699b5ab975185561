// The single background writer every handle feeds. It owns the file: deferred creation,
// the metadata line, appends, fsync, and recovery from I/O errors (keep what is unwritten,
// drop the handle, reopen and retry once per barrier, report through the barrier). It is
// the same for every variant; variants differ only in how handles reach it (lifecycle.ts).
// Before the file exists it holds no more commands than the channel does: a full buffer
// creates the file early (upstream buffers without bound until the first persist), and
// while the writer creates it, senders wait on the channel, so memory stays bounded.
import type { Env, FileHandle } from '../env/env';
import type { BoundedChannel } from './channel';
import { RolloutWriteError, WriterStoppedError } from './errors';
import type { BarrierKind, BarrierOutcome } from './outcome';
import type { RolloutLocation } from './rollout-path';

export type WriterCommand =
  | { kind: 'add'; lines: readonly string[] }
  | { kind: BarrierKind; ack: { resolve(outcome: BarrierOutcome): void; reject(err: Error): void } };

/** A write that keeps returning 0 bytes is stuck, not slow: give up after this many in a row. */
const MAX_ZERO_BYTE_WRITES = 8;
const ROLLOUT_FILE_MODE = 0o600;
/** The session directories (sessions/YYYY/MM/DD) are as private as the files in them. */
const SESSION_DIR_MODE = 0o700;

export interface WriterFile {
  location: RolloutLocation;
  /** For a new session: the metadata line, written first when the file is created. */
  metaLine?: string;
  /** For a resumed session: the open handle and the file's size when it was opened. */
  resumed?: { handle: FileHandle; size: number };
}

export class RolloutWriter {
  /** The lines of each add command received before the file exists (deferred creation); undefined once it does. */
  private deferred: string[] | undefined;
  /** Set when creating the file failed: from then on only a barrier tries again, as for a broken handle. */
  private creationFailed = false;
  /** Bytes accepted but not yet written, in order. */
  private pending: Buffer = Buffer.alloc(0);
  private handle: FileHandle | undefined;
  private created: boolean;
  /** The file's size if everything this writer wrote went in, as it believes. */
  private expectedSize: number;
  /** Errors met outside a barrier (an append that failed), reported by the next barrier. */
  private unreported: string[] = [];
  /**
   * The first fsync failure, kept for good: on Linux a failed fsync may have dropped the
   * dirty pages and marked them clean, so a later fsync "succeeds" without writing them.
   * Every later durability barrier covers those bytes, so every one reports this failure.
   */
  private syncLost: unknown;
  private running: Promise<void> | undefined;

  constructor(
    private readonly env: Env,
    private readonly channel: BoundedChannel<WriterCommand>,
    private readonly file: WriterFile,
  ) {
    this.created = file.resumed !== undefined;
    this.handle = file.resumed?.handle;
    this.expectedSize = file.resumed?.size ?? 0;
    this.deferred = file.resumed ? undefined : [];
  }

  get path(): string {
    return this.file.location.file;
  }

  start(): Promise<void> {
    this.running ??= this.run();
    return this.running;
  }

  private async run(): Promise<void> {
    for (;;) {
      const command = await this.channel.recv();
      if (command === undefined) return;
      if (command.kind === 'add') {
        await this.append(command.lines);
        continue;
      }
      const outcome = await this.barrier(command.kind).catch(
        (err: unknown): BarrierOutcome => ({ status: 'failed', error: new RolloutWriteError(command.kind, this.path, [err]) }),
      );
      command.ack.resolve(outcome);
      if (command.kind === 'shutdown' || command.kind === 'discard') break;
    }
    // Whatever was queued behind shutdown or discard is dropped here: barriers learn it,
    // appends do not (that loss is what the invariants look for in weaker variants).
    for (const dropped of this.channel.close()) {
      if (dropped.kind !== 'add') dropped.ack.reject(new WriterStoppedError(dropped.kind));
    }
  }

  private async append(lines: readonly string[]): Promise<void> {
    if (this.deferred) {
      this.deferred.push(lines.join(''));
      if (this.deferred.length < this.channel.capacity || this.creationFailed) return;
    } else {
      this.pending = Buffer.concat([this.pending, Buffer.from(lines.join(''))]);
      if (!this.handle) return; // broken since an earlier failure: the next barrier retries
    }
    try {
      // Only a full deferred buffer gets here without a handle: it creates the file now.
      await this.writePending(this.handle ?? (await this.ensureHandle()));
    } catch (err) {
      this.unreported.push(describe(err));
      this.unreported.push(...(await this.dropHandle()));
    }
  }

  private async barrier(kind: BarrierKind): Promise<BarrierOutcome> {
    if (kind === 'discard') {
      this.unreported.push(...(await this.dropHandle()));
      return this.ok();
    }
    // Still deferred with nothing buffered: only persist creates the file.
    if (this.deferred?.length === 0 && kind !== 'persist') return this.ok();
    const causes: unknown[] = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await this.ensureHandle();
        await this.writePending(handle);
        if (kind !== 'persist') await this.sync(handle);
        if (kind === 'shutdown') {
          this.handle = undefined;
          await handle.close();
        }
        if (kind !== 'persist' && this.syncLost !== undefined) break;
        return this.ok();
      } catch (err) {
        causes.push(err);
        causes.push(...(await this.dropHandle()));
        // Retrying a failed fsync would only report the lost pages durable.
        if (this.syncLost !== undefined) break;
      }
    }
    if (this.syncLost !== undefined && !causes.includes(this.syncLost)) causes.push(new Error(`an earlier fsync failed: ${describe(this.syncLost)}`));
    return { status: 'failed', error: new RolloutWriteError(kind, this.path, causes) };
  }

  /** fsyncs even after a failure (later bytes may yet reach the disk); remembers the first failure. */
  private async sync(handle: FileHandle): Promise<void> {
    try {
      await handle.sync();
    } catch (err) {
      this.syncLost ??= err;
      throw err;
    }
  }

  private ok(): BarrierOutcome {
    const recoveredFrom = this.unreported;
    this.unreported = [];
    return { status: 'ok', path: this.deferred ? undefined : this.path, recoveredFrom };
  }

  /** Opens (creating on first use) the file; after a failure, realigns with what reached it. */
  private async ensureHandle(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    const { fs } = this.env;
    const { location } = this.file;
    if (!this.created) {
      let handle: FileHandle;
      try {
        await fs.mkdir(location.dir, { recursive: true, mode: SESSION_DIR_MODE });
        handle = await fs.open(location.file, 'ax', ROLLOUT_FILE_MODE);
      } catch (err) {
        this.creationFailed = true;
        throw err;
      }
      this.created = true;
      this.handle = handle;
      const lines = [this.file.metaLine ?? '', ...(this.deferred ?? [])].join('');
      this.pending = Buffer.concat([Buffer.from(lines), this.pending]);
      this.deferred = undefined;
      return handle;
    }
    const handle = await fs.open(location.file, 'a', ROLLOUT_FILE_MODE);
    this.handle = handle;
    const { size } = await fs.stat(location.file);
    const landed = size - this.expectedSize;
    if (landed >= 0 && landed <= this.pending.length) {
      // A failed write may have put part of the pending bytes in: go on from there.
      this.pending = this.pending.subarray(landed);
    } else if (size > 0) {
      // The file is not what this writer left: start on a fresh line so the reader can
      // skip (and report) whatever partial line is there.
      this.pending = Buffer.concat([Buffer.from('\n'), this.pending]);
    }
    this.expectedSize = size;
    return handle;
  }

  private async writePending(handle: FileHandle): Promise<void> {
    let zeroWrites = 0;
    while (this.pending.length > 0) {
      const { bytesWritten } = await handle.write(this.pending);
      if (bytesWritten < 0 || bytesWritten > this.pending.length) {
        throw new Error(`file system reported ${bytesWritten} bytes written of ${this.pending.length}`);
      }
      this.pending = this.pending.subarray(bytesWritten);
      this.expectedSize += bytesWritten;
      zeroWrites = bytesWritten === 0 ? zeroWrites + 1 : 0;
      if (zeroWrites >= MAX_ZERO_BYTE_WRITES) throw new Error(`write made no progress ${zeroWrites} times in a row on ${this.path}`);
    }
  }

  /** Forgets the current handle; returns any error closing it raised, so it is reported. */
  private async dropHandle(): Promise<string[]> {
    const handle = this.handle;
    this.handle = undefined;
    if (!handle) return [];
    try {
      await handle.close();
      return [];
    } catch (err) {
      return [`closing the broken handle: ${describe(err)}`];
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
