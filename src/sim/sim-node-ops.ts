// node:fs's operations on the simulated file system, by descriptor and by path, for code
// that calls node:fs directly (the facade in src/targets). Each call makes an IoPlan --
// its trace name, its path and what it does when it completes -- and SimFileSystem runs
// the plan as a pending event the scheduler completes (`perform`) or at once (`performSync`).
// Writes and fsyncs are counted with the env's own (faults name the nth of the run,
// whoever calls) and meet the same faults (io-faults.ts); every change of a file's bytes
// or name is told to the page cache, so a crash treats these files as it treats the rest.
//
// Descriptors are this run's own small numbers, lowest free first from 3, as a kernel
// gives them: memfs numbers its descriptors process-wide, which would make a run's trace
// depend on the runs before it. 0, 1 and 2 are not open: a write to stdout through
// node:fs fails with EBADF. Each descriptor keeps its file offset here (positional and
// append writes as Linux does them: O_APPEND ignores the position), and its path, moved
// by a rename and dropped by an unlink, so an fsync reaches the right file's pages.
//
// Relative paths start at the run's working directory (`cwd`, '/' unless given), never
// the process's: a run must not depend on where it was started.
import { posix } from 'node:path';
import type { Volume } from 'memfs';
import type { FaultInjector } from './fault-plan';
import { meetSyncFault, meetWriteFault } from './io-faults';
import { describeFlags, O_APPEND, O_DSYNC, O_TRUNC, openFlagBits } from './open-flags';
import type { PageCache } from './page-cache';
import { SimIoError } from './sim-io-error';

type Vol = InstanceType<typeof Volume>;

/** One operation, made when it is called and applied when it completes. */
export interface IoPlan<T> {
  /** The trace's name for it (`<op>Sync` when run at once). */
  readonly op: string;
  /** The path, or `from -> to`, the trace shows. */
  readonly path: string;
  apply(): { value: T; result: string };
}

/** What the simulated file system lends: its run's world and its write and fsync counts. */
export interface NodeOpsHost {
  nextWrite(length: number): number;
  nextSync(): number;
}

export interface NodeOpsWorld {
  volume: Vol;
  cache: PageCache;
  faults: FaultInjector;
  cwd?: string;
}

function fstatOf(volume: Vol, fd: number) {
  return volume.fstatSync(fd);
}
/** The stats node:fs's stat calls give: memfs's, with Node's fields and methods. */
export type SimStats = ReturnType<typeof fstatOf>;

interface OpenFile {
  readonly memfsFd: number;
  /** Undefined once unlinked (or replaced by a rename): its bytes have no name to survive under. */
  path: string | undefined;
  readonly bits: number;
  position: number;
}

const FIRST_FD = 3;

export class SimNodeOps {
  private readonly files = new Map<number, OpenFile>();
  private readonly cwd: string;

  constructor(
    private readonly host: NodeOpsHost,
    private readonly w: NodeOpsWorld,
  ) {
    this.cwd = w.cwd ?? '/';
  }

  /** An absolute, normalised path: what memfs, the cache and the trace key files by. */
  resolve(path: string): string {
    return posix.resolve(this.cwd, path);
  }

  /** Descriptors open now, lowest first (for a test or a leak report). */
  openDescriptors(): number[] {
    return [...this.files.keys()].sort((a, b) => a - b);
  }

  open(path: string, flags: string | number = 'r', mode = 0o666): IoPlan<number> {
    const at = this.resolve(path);
    const bits = openFlagBits(flags);
    return {
      op: 'open',
      path: at,
      apply: () => {
        const memfsFd = this.w.volume.openSync(at, bits, mode);
        if (bits & O_TRUNC) this.w.cache.truncated(at, Number(this.w.volume.fstatSync(memfsFd).size));
        let fd = FIRST_FD;
        while (this.files.has(fd)) fd++;
        this.files.set(fd, { memfsFd, path: at, bits, position: 0 });
        return { value: fd, result: `fd ${fd} (${describeFlags(flags)})` };
      },
    };
  }

  close(fd: number): IoPlan<void> {
    return this.onFd(fd, 'close', (file) => {
      this.w.volume.closeSync(file.memfsFd);
      this.files.delete(fd);
      return { value: undefined, result: 'ok' };
    });
  }

  /** write(2) at `position`, or at the descriptor's offset when it is null (or the file's end, for O_APPEND). */
  write(fd: number, data: Uint8Array, position: number | null, syscall: 'write' | 'writev' = 'write'): IoPlan<number> {
    const nth = this.host.nextWrite(data.length);
    const bytes = Buffer.from(data); // the caller may reuse its buffer before we complete
    return this.onFd(fd, syscall, (file) => {
      const appends = (file.bits & O_APPEND) !== 0;
      const explicit = position !== null && !appends;
      const offset = appends ? this.sizeOf(file) : explicit ? position : file.position;
      const put = (from: number, length: number) => {
        const n = this.w.volume.writeSync(file.memfsFd, bytes, from, length, appends ? undefined : offset + from);
        if (!explicit) file.position = offset + from + n;
        if (n > 0 && file.path !== undefined) this.w.cache.rewritten(file.path, offset + from);
        return n;
      };
      const outcome = meetWriteFault(this.w.faults, nth, syscall, undefined, bytes, put);
      if (file.bits & O_DSYNC && file.path !== undefined) this.w.cache.sync(file.path);
      return { value: outcome.value.bytesWritten, result: `${outcome.result}${explicit ? ` at ${offset}` : ''}` };
    });
  }

  writev(fd: number, chunks: readonly Uint8Array[], position: number | null): IoPlan<number> {
    return this.write(fd, Buffer.concat(chunks), position, 'writev');
  }

  /** fsync(2) or fdatasync(2): for a log's data the same. */
  fsync(fd: number, syscall: 'fsync' | 'fdatasync' = 'fsync'): IoPlan<void> {
    const nth = this.host.nextSync();
    const known = this.files.get(fd);
    const calledAt = known?.path === undefined ? undefined : this.w.cache.visibleLength(known.path);
    return this.onFd(fd, syscall, (file) => meetSyncFault(this.w.faults, this.w.cache, nth, syscall, file.path, undefined, file === known ? calledAt : undefined));
  }

  fstat(fd: number): IoPlan<SimStats> {
    return this.onFd(fd, 'fstat', (file) => {
      const stats = this.w.volume.fstatSync(file.memfsFd);
      return { value: stats, result: describeStats(stats) };
    });
  }

  stat(path: string, syscall: 'stat' | 'lstat' = 'stat'): IoPlan<SimStats> {
    return this.onPath(syscall, path, (at) => {
      const stats = syscall === 'stat' ? this.w.volume.statSync(at) : this.w.volume.lstatSync(at);
      return { value: stats, result: describeStats(stats) };
    });
  }

  /** mkdir(2), or with `recursive` every missing directory; then it gives the first it made, as node:fs does. */
  mkdir(path: string, options: { recursive?: boolean; mode?: number } = {}): IoPlan<string | undefined> {
    return this.onPath('mkdir', path, (at) => {
      let first: string | undefined;
      if (options.recursive) {
        for (let dir = at; !this.w.volume.existsSync(dir); dir = posix.dirname(dir)) first = dir;
      }
      this.w.volume.mkdirSync(at, { recursive: options.recursive ?? false, mode: options.mode });
      const made = options.recursive ? first : at;
      return { value: options.recursive ? first : undefined, result: made === undefined ? 'exists' : `made ${made}` };
    });
  }

  readdir(path: string): IoPlan<string[]> {
    return this.onPath('readdir', path, (at) => {
      const names = (this.w.volume.readdirSync(at) as unknown[]).map(String);
      return { value: names, result: `${names.length} entries` };
    });
  }

  readFile(path: string, flags: string | number = 'r'): IoPlan<Buffer> {
    return this.onPath('readFile', path, (at) => {
      const bytes = Buffer.from(this.w.volume.readFileSync(at, { flag: flags } as Parameters<Vol['readFileSync']>[1]) as Uint8Array);
      return { value: bytes, result: `${bytes.length} bytes` };
    });
  }

  /**
   * writeFile or appendFile: open, write until done, close -- one operation, and one
   * write as faults count them (a short write is followed by the rest, as node:fs loops).
   */
  writeFile(path: string, data: Uint8Array, options: { flags?: string | number; mode?: number; op?: 'writeFile' | 'appendFile' } = {}): IoPlan<void> {
    const op = options.op ?? 'writeFile';
    const flags = options.flags ?? (op === 'appendFile' ? 'a' : 'w');
    const bits = openFlagBits(flags);
    const nth = this.host.nextWrite(data.length);
    const bytes = Buffer.from(data);
    return this.onPath(op, path, (at) => {
      const memfsFd = this.w.volume.openSync(at, bits, options.mode ?? 0o666);
      try {
        const size = Number(this.w.volume.fstatSync(memfsFd).size);
        if (bits & O_TRUNC) this.w.cache.truncated(at, size);
        const appends = (bits & O_APPEND) !== 0;
        const offset = appends ? size : 0;
        const put = (from: number, length: number) => {
          const n = this.w.volume.writeSync(memfsFd, bytes, from, length, appends ? undefined : offset + from);
          if (n > 0) this.w.cache.rewritten(at, offset + from);
          return n;
        };
        const outcome = meetWriteFault(this.w.faults, nth, 'write', undefined, bytes, put, true);
        if (bits & O_DSYNC) this.w.cache.sync(at);
        return { value: undefined, result: outcome.result };
      } finally {
        this.w.volume.closeSync(memfsFd);
      }
    });
  }

  rename(from: string, to: string): IoPlan<void> {
    const a = this.resolve(from);
    const b = this.resolve(to);
    return {
      op: 'rename',
      path: `${a} -> ${b}`,
      apply: () => {
        this.w.volume.renameSync(a, b);
        this.w.cache.renamed(a, b);
        this.forget(b);
        for (const file of this.files.values()) {
          if (file.path !== undefined && (file.path === a || file.path.startsWith(`${a}/`))) file.path = b + file.path.slice(a.length);
        }
        return { value: undefined, result: 'ok' };
      },
    };
  }

  unlink(path: string): IoPlan<void> {
    return this.onPath('unlink', path, (at) => {
      this.w.volume.unlinkSync(at);
      this.w.cache.removed(at);
      this.forget(at);
      return { value: undefined, result: 'ok' };
    });
  }

  access(path: string, mode?: number): IoPlan<void> {
    return this.onPath('access', path, (at) => {
      this.w.volume.accessSync(at, mode);
      return { value: undefined, result: 'ok' };
    });
  }

  exists(path: string): IoPlan<boolean> {
    return this.onPath('exists', path, (at) => {
      const exists = this.w.volume.existsSync(at);
      return { value: exists, result: exists ? 'yes' : 'no' };
    });
  }

  private onPath<T>(op: string, path: string, apply: (at: string) => { value: T; result: string }): IoPlan<T> {
    const at = this.resolve(path);
    return { op, path: at, apply: () => apply(at) };
  }

  /** A descriptor call: the trace names the file it was open on when called; EBADF if it is not open when it completes. */
  private onFd<T>(fd: number, syscall: string, apply: (file: OpenFile) => { value: T; result: string }): IoPlan<T> {
    const known = this.files.get(fd);
    const path = known ? (known.path ?? `(unlinked, fd ${fd})`) : `fd ${fd}`;
    return {
      op: syscall,
      path,
      apply: () => {
        const file = this.files.get(fd);
        if (!file) throw new SimIoError('EBADF', syscall);
        return apply(file);
      },
    };
  }

  private sizeOf(file: OpenFile): number {
    return Number(this.w.volume.fstatSync(file.memfsFd).size);
  }

  /** Open descriptors on `path` (replaced or unlinked) keep their bytes but lose the name. */
  private forget(path: string): void {
    for (const file of this.files.values()) if (file.path === path) file.path = undefined;
  }
}

function describeStats(stats: SimStats): string {
  return stats.isDirectory() ? 'directory' : `size ${Number(stats.size)}`;
}
