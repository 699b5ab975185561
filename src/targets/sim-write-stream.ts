// fs.WriteStream and fs.createWriteStream for the simulated node:fs: Node's own
// WriteStream, given the facade's open/write/writev/fsync/close through its `fs` option
// (which Node's WriteStream supports for exactly this), so buffering, 'open', 'ready',
// 'drain', 'finish', 'close', short-write handling and errors are Node's, and every byte
// goes through the run's file system. A function constructor, not a class, because
// graceful-fs and others subclass fs.WriteStream by calling it with `this` (Node's own is
// one too).
import type { WriteStream } from 'node:fs';
import { NodeWriteStream } from '../env/node-fs-shape';
import { boundRun } from './node-fs-binding';

/** The callback forms Node's WriteStream calls through its `fs` option. */
export interface StreamFs {
  open: (...args: unknown[]) => unknown;
  write: (...args: unknown[]) => unknown;
  writev: (...args: unknown[]) => unknown;
  fsync: (...args: unknown[]) => unknown;
  close: (...args: unknown[]) => unknown;
}

/** How node:fs's WriteStream is constructed (its declared type takes no path). */
export type WriteStreamClass = new (path: unknown, options?: unknown) => WriteStream;

export function simWriteStreamClass(streamFs: StreamFs): WriteStreamClass {
  function SimWriteStream(this: unknown, path: unknown, options?: unknown): unknown {
    if (!(this instanceof SimWriteStream)) return new (SimWriteStream as unknown as new (p: unknown, o: unknown) => unknown)(path, options);
    boundRun('WriteStream');
    const given: Record<string, unknown> = typeof options === 'string' ? { encoding: options } : { ...(options as object | undefined) };
    // A caller's own `fs` option is its choice (and whatever it wraps is ours anyway).
    const fs = given.fs ?? streamFs;
    (NodeWriteStream as unknown as (this: unknown, p: unknown, o: unknown) => void).call(this, path, { ...given, fs });
    return undefined;
  }
  Object.setPrototypeOf(SimWriteStream.prototype, NodeWriteStream.prototype);
  Object.setPrototypeOf(SimWriteStream, NodeWriteStream);
  Object.defineProperty(SimWriteStream, 'name', { value: 'WriteStream' });
  return SimWriteStream as unknown as WriteStreamClass;
}
