// The seam between a writer and the world. A writer is handed an `Env` and touches the
// file system, the clock, timers, ids and preemption points only through it: the Node
// binding (node-env.ts) maps it to node:fs/promises, real time and real timers, the
// simulator to memfs, a fake clock and its scheduler.

/** The subset of a `node:fs/promises` FileHandle that a log writer uses. */
export interface FileHandle {
  /** Writes at the end for handles opened with an append flag; may write fewer bytes. */
  write(data: Uint8Array): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface FileStat {
  size: number;
  /** Permission bits and file type, as node:fs reports them. */
  mode: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

/** Flags the writers need: `a` append (create if missing), `r+`-like append to an existing file, `r` read. */
export type OpenFlags = 'a' | 'ax' | 'r';

/** The subset of `node:fs/promises` a log writer uses. Errors carry a Node `code` (ENOENT, ENOSPC, EIO...). */
export interface FileSystem {
  open(path: string, flags: OpenFlags, mode?: number): Promise<FileHandle>;
  mkdir(path: string, options: { recursive: true; mode?: number }): Promise<void>;
  stat(path: string): Promise<FileStat>;
  readFile(path: string): Promise<string>;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Minutes to add to UTC to get local time at `epochMs` (east of Greenwich is positive). */
  utcOffsetMinutes(epochMs: number): number;
}

export interface IdSource {
  /** A fresh RFC 4122 version-4 style UUID, lower case. */
  uuid(): string;
}

/**
 * Points where another task may run before this one goes on. Single-threaded JS only
 * interleaves at awaits; a writer names the places where, in the system it models,
 * another thread or task could get in (for example between cloning a handle and
 * enqueueing through it). In production these resolve at once; the simulator parks the
 * caller there until its scheduler picks it again.
 */
export interface Preemption {
  point(label: string): Promise<void>;
}

/** Names one scheduled callback, so that it can be cleared. */
export interface TimerHandle {
  readonly timerId: number;
}

/**
 * Timers on the env's clock, for a writer that works on a schedule (flush every 100 ms,
 * back off before a retry). In production they are Node's timers; in the simulator a
 * callback runs only when the scheduler picks the `clock` event, at or after its due
 * time on the fake clock, so the scheduler decides how timer work interleaves with
 * everything else. A callback must not throw; a pending timer keeps a simulated run
 * going (the run ends when nothing is left to schedule), so clear it at shutdown.
 */
export interface Timers {
  /** Calls `fn` once, `ms` or more milliseconds from now. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer that has not fired; clearing a fired or cleared one does nothing. */
  clearTimeout(handle: TimerHandle): void;
  /** Resolves `ms` or more milliseconds from now. */
  sleep(ms: number): Promise<void>;
}

export interface Env {
  fs: FileSystem;
  clock: Clock;
  timers: Timers;
  ids: IdSource;
  preemption: Preemption;
}
