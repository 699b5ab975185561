// An `Env` over an in-memory memfs volume whose operations complete immediately, with a
// clock that moves only when told and counter-based ids. For unit tests of a writer (and
// users' own), where the simulator's scheduling is not wanted.
import { Volume } from 'memfs';
import type { Clock, Env, FileHandle, FileSystem, IdSource } from './env';
import { noPreemption } from './no-preemption';

export class ManualClock implements Clock {
  constructor(
    private epochMs: number,
    private readonly offsetMinutes = 0,
  ) {}
  now(): number {
    return this.epochMs;
  }
  utcOffsetMinutes(): number {
    return this.offsetMinutes;
  }
  advance(ms: number): void {
    this.epochMs += ms;
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
}

/** 2026-01-02T03:04:05.678Z: a fixed start, so paths and timestamps are stable. */
export const MEMORY_ENV_EPOCH = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

export function memoryEnv(options: { epochMs?: number; utcOffsetMinutes?: number } = {}): MemoryEnv {
  const volume = new Volume();
  return {
    volume,
    fs: volumeFileSystem(volume),
    clock: new ManualClock(options.epochMs ?? MEMORY_ENV_EPOCH, options.utcOffsetMinutes ?? 0),
    ids: new CountingIds(),
    preemption: noPreemption,
  };
}
