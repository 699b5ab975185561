// The simulated file system: memfs underneath, but no operation completes on its own.
// Each call becomes a pending I/O event; the scheduler picks when it completes, and only
// then does it touch memfs, meet its fault (if the plan has one) and settle. A call
// budget turns a runaway retry loop into a clear failure instead of a hang.
//
// The fault model -- what each fault of a FaultPlan (fault-plan.ts) stands for on Linux:
//
// - enospc: write(2) fails with ENOSPC before writing anything (a full disk or quota).
// - eio-write: write(2) fails with EIO before writing anything (a device error met
//   synchronously, as on O_DIRECT or a failed block allocation).
// - torn-write: part of the buffer reaches the page cache, then the call fails with EIO:
//   the file ends mid-line and the writer is told nothing of how much went in.
// - short-write: write(2) returns fewer bytes than asked, without error -- legal for any
//   write, and what a signal or a nearly full disk gives; the writer must write the rest.
// - fsync-fail: fsync(2) fails with EIO and makes nothing durable. Two kernels' answers:
//   pages 'dropped' is Linux's (ext4, xfs, btrfs since 4.13, "fsyncgate"): the dirty pages
//   are marked clean and never written, readers still see them until a crash, and the
//   next fsync succeeds without writing them, so a writer that retries fsync and reports
//   success has lied. Pages 'kept' is a kernel that leaves them dirty: a later fsync may
//   still make them durable. See page-cache.ts for what a crash then leaves.
// - latency: the operation completes only after simulated time passes (a slow disk, a
//   network file system); other events run meanwhile.
// - crash / crash-after-ack: power is lost before a step; every file is cut back to its
//   durable image plus a prefix of its dirty bytes (page-cache.ts), and the run ends.
//
// Simplified: errors are met when an operation completes, not when it is submitted;
// EIO on write leaves the file as it was (a real device error can leave a partial write,
// which torn-write covers); directory operations, stat, open and close never fail but by
// the writer's own mistakes (ENOENT, EEXIST, EBADF from memfs); the budget of calls is a
// harness limit, not a fault.
//
// Besides the env's FileSystem, `node` offers node:fs's operations by descriptor and path
// (sim-node-ops.ts) as plans, run here either as a pending event (`perform`) or at once
// (`performSync`, for node:fs's *Sync calls: no event, but the same budget, trace, faults
// and page cache; a latency fault moves the clock on while the call blocks).
import { posix } from 'node:path';
import type { Volume } from 'memfs';
import type { FileHandle, FileStat, FileSystem, OpenFlags } from '../env/env';
import { currentSource } from './actor-context';
import type { FaultInjector } from './fault-plan';
import type { PageCache } from './page-cache';
import type { SimClock } from './sim-clock';
import { meetSyncFault, meetWriteFault } from './io-faults';
import { SimIoError } from './sim-io-error';
import { InFlight } from './in-flight';
import { SimNodeOps, type IoPlan } from './sim-node-ops';

export { SimIoError } from './sim-io-error';
export type { IoPlan } from './sim-node-ops';

type Vol = InstanceType<typeof Volume>;

export class FsCallBudgetError extends Error {
  override name = 'FsCallBudgetError';
  constructor(readonly budget: number) {
    super(`the writer made more than ${budget} file-system calls in one run: a retry loop that never ends?`);
  }
}

export interface IoEvent {
  readonly id: number;
  readonly op: string;
  readonly path: string;
  readonly source: string;
  /** False while a latency fault holds it back; the clock's timer sets it. */
  ready: boolean;
  complete(): void;
}

export interface SimFsLog {
  /** A call completed; `io` is its event's id, absent for a *Sync call. */
  fs(source: string, op: string, path: string, result: string, io?: number): void;
  /** Every call as it is made, before it is scheduled; `io` is the event it becomes, absent if refused or *Sync. */
  submitted?(source: string, op: string, path: string, io?: number): void;
}

export interface SimFsOptions {
  volume: Vol;
  cache: PageCache;
  faults: FaultInjector;
  clock: SimClock;
  log: SimFsLog;
  maxCalls: number;
  /** Where node:fs's relative paths start (sim-node-ops.ts); '/' if absent. */
  cwd?: string;
}

/** The write number of a write that meets no fault. */
export const NO_FAULT = -1;

export class SimFileSystem implements FileSystem {
  /** Pending events in the order they were submitted: the canonical order choices index into. */
  readonly pending: IoEvent[] = [];
  private ops = 0;
  /** Every call submitted so far, budget refusals included. */
  get submitted(): number {
    return this.ops;
  }
  private writes = 0;
  private syncs = 0;
  budgetExceeded: FsCallBudgetError | undefined;
  /** node:fs's operations over the same volume, budget, faults and trace. */
  readonly node: SimNodeOps;

  constructor(private readonly o: SimFsOptions) {
    this.node = new SimNodeOps(this, o);
  }

  open(path: string, flags: OpenFlags, mode?: number): Promise<FileHandle> {
    return this.submit('open', path, () => {
      const fd = this.o.volume.openSync(path, flags, mode);
      // The handle names the file as the cache does, whatever spelling reached it (`//`, `..`).
      return { value: new SimFileHandle(this, fd, this.canonical(path)), result: `ok (${flags})` };
    });
  }

  /** The one absolute, normalised name of the file at `path`: what the page cache keys files by. */
  canonical(path: string): string {
    return posix.resolve(this.o.cwd ?? '/', path);
  }

  mkdir(path: string, options: { recursive: true; mode?: number }): Promise<void> {
    return this.submit('mkdir', path, () => {
      this.o.volume.mkdirSync(path, options);
      return { value: undefined, result: 'ok' };
    });
  }

  stat(path: string): Promise<FileStat> {
    return this.submit('stat', path, () => {
      const s = this.o.volume.statSync(path);
      const stat: FileStat = { size: Number(s.size), mode: Number(s.mode), isFile: () => s.isFile(), isDirectory: () => s.isDirectory() };
      return { value: stat, result: `size ${stat.size}` };
    });
  }

  readFile(path: string): Promise<string> {
    return this.submit('readFile', path, () => {
      const text = String(this.o.volume.readFileSync(path, 'utf8'));
      return { value: text, result: `${text.length} chars` };
    });
  }

  write(fd: number, path: string, data: Uint8Array): Promise<{ bytesWritten: number }> {
    const nth = this.nextWrite(data.length);
    const bytes = Buffer.from(data); // the caller may reuse its buffer before we complete
    return this.submit('write', path, () => meetWriteFault(this.o.faults, nth, 'write', path, bytes, (from, length) => this.o.volume.writeSync(fd, bytes, from, length)));
  }

  sync(fd: number, path: string): Promise<void> {
    const nth = this.nextSync();
    const calledAt = this.o.cache.visibleLength(path);
    return this.submit('fsync', path, () => {
      this.o.volume.fstatSync(fd); // EBADF on a closed descriptor, as the kernel says
      return meetSyncFault(this.o.faults, this.o.cache, nth, 'fsync', path, path, calledAt);
    });
  }

  /**
   * Counts a write (faults name writes by this number) and returns its number. A write of
   * no bytes is not counted and meets no fault (-1): Linux returns 0 for it on a regular
   * file without looking at the disk, so it cannot fail with ENOSPC or EIO, nor be short.
   */
  nextWrite(length: number): number {
    return length === 0 ? NO_FAULT : this.writes++;
  }

  /** Counts an fsync (faults name fsyncs by this number) and returns its number. */
  nextSync(): number {
    return this.syncs++;
  }

  close(fd: number, path: string): Promise<void> {
    return this.submit('close', path, () => {
      this.o.volume.closeSync(fd);
      return { value: undefined, result: 'ok' };
    });
  }

  /** A node:fs operation as a pending event, like every call above. */
  perform<T>(plan: IoPlan<T>): Promise<T> {
    return this.submit(plan.op, plan.path, () => plan.apply());
  }

  /**
   * A node:fs operation done at once, as a *Sync call is: traced as `<op>Sync`, counted
   * in the budget (past it, it throws the budget error: a synchronous caller cannot be
   * left waiting), meeting its fault; a latency fault blocks the caller while the clock
   * moves on, so timers fall due meanwhile.
   */
  performSync<T>(plan: IoPlan<T>): T {
    const op = `${plan.op}Sync`;
    const source = currentSource();
    this.o.log.submitted?.(source, op, plan.path);
    if (this.budgetExceeded || this.ops >= this.o.maxCalls) {
      this.budgetExceeded ??= new FsCallBudgetError(this.o.maxCalls);
      throw this.budgetExceeded;
    }
    const latency = this.o.faults.forLatency(this.ops++);
    if (latency) {
      this.o.faults.fire(latency, `${op} ${plan.path} blocked ${latency.ms}ms`);
      this.o.clock.tick(latency.ms);
    }
    try {
      const { value, result } = plan.apply();
      this.o.log.fs(source, op, plan.path, result);
      return value;
    } catch (err) {
      this.o.log.fs(source, op, plan.path, `error ${(err as { code?: string }).code ?? (err as Error).message}`);
      throw err;
    }
  }

  private submit<T>(op: string, path: string, apply: () => { value: T; result: string }): Promise<T> {
    const refused = this.budgetExceeded !== undefined || this.ops >= this.o.maxCalls;
    const source = currentSource();
    this.o.log.submitted?.(source, op, path, refused ? undefined : this.ops);
    if (refused) {
      this.budgetExceeded ??= new FsCallBudgetError(this.o.maxCalls);
      // Never settles: a writer that swallows errors and retries would otherwise spin in
      // microtasks forever. The run ends on the budget at the next step.
      return new Promise<T>(() => undefined);
    }
    const id = this.ops++;
    return new Promise<T>((resolve, reject) => {
      const event: IoEvent = {
        id,
        op,
        path,
        source,
        ready: true,
        complete: () => {
          this.pending.splice(this.pending.indexOf(event), 1);
          try {
            const { value, result } = apply();
            this.o.log.fs(source, op, path, result, id);
            resolve(value);
          } catch (err) {
            this.o.log.fs(source, op, path, `error ${(err as { code?: string }).code ?? (err as Error).message}`, id);
            reject(err);
          }
        },
      };
      const latency = this.o.faults.forLatency(id);
      if (latency) {
        event.ready = false;
        this.o.faults.fire(latency, `${op} ${path} held ${latency.ms}ms`);
        this.o.clock.after(latency.ms, () => (event.ready = true));
      }
      this.pending.push(event);
    });
  }
}

/** A FileHandle of node:fs/promises: closing it waits for its calls in flight, as Node's does. */
class SimFileHandle implements FileHandle {
  private closed = false;
  private readonly inFlight = new InFlight();
  constructor(
    private readonly fs: SimFileSystem,
    private readonly fd: number,
    private readonly path: string,
  ) {}
  write(data: Uint8Array) {
    if (this.closed) return Promise.reject(new SimIoError('EBADF', 'write', this.path));
    return this.inFlight.track(this.fs.write(this.fd, this.path, data));
  }
  sync() {
    if (this.closed) return Promise.reject(new SimIoError('EBADF', 'fsync', this.path));
    return this.inFlight.track(this.fs.sync(this.fd, this.path));
  }
  close() {
    if (this.closed) return Promise.reject(new SimIoError('EBADF', 'close', this.path));
    this.closed = true;
    return this.inFlight.afterSettled(() => this.fs.close(this.fd, this.path));
  }
}
