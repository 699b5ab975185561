// The production binding of `Env`: node:fs/promises, the wall clock, Node's timers,
// crypto UUIDs. The only place in src/ that touches the real file system, real time or
// real timers.
import { randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, Env, FileHandle, FileStat, FileSystem, IdSource, OpenFlags, TimerHandle, Timers } from './env';
import { lockedTextFile, type LockedTextFile } from './locked-text-file';
import { noPreemption } from './no-preemption';

export const nodeFileSystem: FileSystem = {
  async open(path: string, flags: OpenFlags, mode?: number): Promise<FileHandle> {
    const handle = await fsp.open(path, flags, mode);
    return {
      write: (data) => handle.write(data).then((r) => ({ bytesWritten: r.bytesWritten })),
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
  },
  async mkdir(path, options) {
    await fsp.mkdir(path, options);
  },
  stat: (path): Promise<FileStat> => fsp.stat(path),
  readFile: (path) => fsp.readFile(path, 'utf8'),
};

export const systemClock: Clock = {
  now: () => Date.now(),
  utcOffsetMinutes: (epochMs) => -new Date(epochMs).getTimezoneOffset(),
};

export const cryptoIds: IdSource = { uuid: () => randomUUID() };

/** Node's own timers, behind numbered handles so that a handle means the same in every binding. */
export function systemTimers(): Timers {
  const live = new Map<number, NodeJS.Timeout>();
  let next = 1;
  return {
    setTimeout(fn: () => void, ms: number): TimerHandle {
      const timerId = next++;
      live.set(
        timerId,
        setTimeout(() => {
          live.delete(timerId);
          fn();
        }, ms),
      );
      return { timerId };
    },
    clearTimeout(handle: TimerHandle): void {
      clearTimeout(live.get(handle.timerId));
      live.delete(handle.timerId);
    },
    sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  };
}

export function nodeEnv(): Env {
  return { fs: nodeFileSystem, clock: systemClock, timers: systemTimers(), ids: cryptoIds, preemption: noPreemption };
}

/** A fresh temporary directory to serve as an agent's home, and a way to remove it. */
export async function createTempHome(prefix = 'rollout-sim-'): Promise<{ home: string; remove(): Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), prefix));
  return { home, remove: () => rm(home, { recursive: true, force: true }) };
}

/**
 * A text file read whole and replaced whole (atomically, via a rename), updated under a
 * lock; missing reads as undefined; a path that is not a regular file is refused. See
 * locked-text-file.ts.
 */
export function nodeTextFile(path: string, cwd?: string): LockedTextFile {
  return lockedTextFile(path, { cwd });
}
