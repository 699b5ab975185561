// An `Env` over an in-memory memfs volume whose operations complete immediately, with a
// clock (and timers on it) that moves only when told, and counter-based ids. For unit
// tests of a writer (and users' own), where the simulator's scheduling is not wanted.
import { createClock } from '@sinonjs/fake-timers';
import { Volume } from 'memfs';
import type { Clock, Env, FileHandle, FileSystem, IdSource, TimerHandle, Timers } from './env';
import { noPreemption } from './no-preemption';

/**
 * A clock that moves only by `advance`, with timers on it: `advance(ms)` fires, in due
 * order and synchronously, every timer due by the new time, each seeing `now()` at its
 * own due time (a @sinonjs/fake-timers clock underneath; no globals are patched).
 */
export class ManualClock implements Clock, Timers {
  private readonly fake: ReturnType<typeof createClock>;
  private readonly live = new Map<number, ReturnType<ReturnType<typeof createClock>['setTimeout']>>();
  private nextTimerId = 1;

  constructor(
    epochMs: number,
    private readonly offsetMinutes = 0,
  ) {
    this.fake = createClock(epochMs);
  }
  now(): number {
    return this.fake.now;
  }
  utcOffsetMinutes(): number {
    return this.offsetMinutes;
  }
  /** Moves the clock `ms` (not negative) on, firing the timers that fall due. */
  advance(ms: number): void {
    this.fake.tick(ms);
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timerId = this.nextTimerId++;
    const inner = this.fake.setTimeout(() => {
      this.live.delete(timerId);
      fn();
    }, ms);
    this.live.set(timerId, inner);
    return { timerId };
  }
  clearTimeout(handle: TimerHandle): void {
    const inner = this.live.get(handle.timerId);
    if (inner === undefined) return;
    this.fake.clearTimeout(inner);
    this.live.delete(handle.timerId);
  }
  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => this.setTimeout(resolve, ms));
  }
  /** Timers set and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.live.size;
  }
}

/** Ids `00000000-0000-4000-8000-<counter>`, distinct and stable from run to run. */
export class CountingIds implements IdSource {
  private next = 1;
  constructor(private readonly prefix = '00000000') {}
  uuid(): string {
    return `${this.prefix}-0000-4000-8000-${String(this.next++).padStart(12, '0')}`;
  }
}

export function volumeFileSystem(volume: InstanceType<typeof Volume>): FileSystem {
  const p = volume.promises;
  return {
    async open(path, flags, mode): Promise<FileHandle> {
      const handle = await p.open(path, flags, mode);
      return {
        write: async (data) => ({ bytesWritten: (await handle.write(data)).bytesWritten }),
        // memfs types name only datasync; for a log writer the two are the same promise.
        sync: () => handle.datasync(),
        close: () => handle.close(),
      };
    },
    async mkdir(path, options) {
      await p.mkdir(path, options);
    },
    async stat(path) {
      const s = await p.stat(path);
      return { size: Number(s.size), mode: Number(s.mode), isFile: () => s.isFile(), isDirectory: () => s.isDirectory() };
    },
    readFile: async (path) => String(await p.readFile(path, 'utf8')),
  };
}

export interface MemoryEnv extends Env {
  volume: InstanceType<typeof Volume>;
  clock: ManualClock;
  /** The same ManualClock: `clock.advance` fires them. */
  timers: ManualClock;
}

/** 2026-01-02T03:04:05.678Z: a fixed start, so paths and timestamps are stable. */
export const MEMORY_ENV_EPOCH = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

export function memoryEnv(options: { epochMs?: number; utcOffsetMinutes?: number } = {}): MemoryEnv {
  const volume = new Volume();
  const clock = new ManualClock(options.epochMs ?? MEMORY_ENV_EPOCH, options.utcOffsetMinutes ?? 0);
  return {
    volume,
    fs: volumeFileSystem(volume),
    clock,
    timers: clock,
    ids: new CountingIds(),
    preemption: noPreemption,
  };
}
