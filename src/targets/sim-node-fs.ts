// The simulated node:fs: an object shaped as `typeof import('node:fs')` that a target
// package gets for `fs`, `node:fs`, `graceful-fs` (and `.promises` for `fs/promises`)
// when fs-redirect.ts loads it. Its calls go to the run bound with bindNodeFs
// (node-fs-binding.ts) -- memfs, the page cache, the fault plan, the scheduler -- never to
// the disk:
//
// - simulated, in callback, *Sync and promise forms: open, close, write, writev, fsync,
//   fdatasync, fstat, stat, lstat, mkdir, readdir, readFile, writeFile, appendFile,
//   rename, unlink, access; exists/existsSync; fs.promises.open's FileHandle
//   (sim-file-handle.ts); createWriteStream and WriteStream (Node's own stream over these
//   calls, sim-write-stream.ts); `constants` and F_OK... are node:fs's own.
// - every other function node:fs has is there by name and throws NodeFsNotSimulatedError
//   when called; any call with no run bound throws NodeFsOutsideRunError.
import { promisify } from 'node:util';
import { NODE_FS_FUNCTION_NAMES, NODE_FS_PROMISE_FUNCTION_NAMES, NODE_FS_VALUES, nodeFsConstants } from '../env/node-fs-shape';
import { boundRun, notSimulated } from './node-fs-binding';
import { splitCallback, toPath } from './node-fs-args';
import { callbackForm, promiseForm, syncForm } from './node-fs-forms';
import { OPERATIONS, PROMISE_OPERATIONS, type Operation } from './node-fs-operations';
import { SimFileHandle } from './sim-file-handle';
import { simWriteStreamClass, type StreamFs } from './sim-write-stream';

type NodeFsFunction = (...args: unknown[]) => unknown;

function buildCallbackAndSync(): Record<string, unknown> {
  const fs: Record<string, unknown> = {};
  for (const name of NODE_FS_FUNCTION_NAMES) fs[name] = notSimulated(name);
  Object.assign(fs, NODE_FS_VALUES);
  fs.constants = nodeFsConstants;
  for (const [name, op] of Object.entries(OPERATIONS) as Array<[string, Operation]>) {
    fs[name] = callbackForm(name, op);
    fs[`${name}Sync`] = syncForm(name, op);
  }
  // util.promisify of write and writev resolves an object, as node:fs's do.
  const promisified = (name: 'write' | 'writev', second: 'buffer' | 'buffers') => (...args: unknown[]) =>
    new Promise((resolve, reject) => (fs[name] as NodeFsFunction)(...args, (err: unknown, bytesWritten: number, data: unknown) => (err ? reject(err) : resolve({ bytesWritten, [second]: data }))));
  Object.defineProperty(fs.write, promisify.custom, { value: promisified('write', 'buffer') });
  Object.defineProperty(fs.writev, promisify.custom, { value: promisified('writev', 'buffers') });
  return fs;
}

/** exists: the callback gets only a boolean; existsSync never throws (a bad path is false), as node:fs's. */
function addExists(fs: Record<string, unknown>): void {
  const exists = (...args: unknown[]) => {
    const sim = boundRun('exists');
    const { rest, cb } = splitCallback(args);
    let path: string;
    try {
      path = toPath(rest[0]);
    } catch {
      queueMicrotask(() => cb(false));
      return;
    }
    sim.perform(sim.node.exists(path)).then(
      (found) => queueMicrotask(() => cb(found)),
      () => queueMicrotask(() => cb(false)),
    );
  };
  Object.defineProperty(exists, promisify.custom, { value: (path: unknown) => new Promise((resolve) => exists(path, resolve)) });
  fs.exists = exists;
  fs.existsSync = (path: unknown) => {
    const sim = boundRun('existsSync');
    let at: string;
    try {
      at = toPath(path);
    } catch {
      return false;
    }
    return sim.performSync(sim.node.exists(at));
  };
}

function buildPromises(): Record<string, unknown> {
  const promises: Record<string, unknown> = {};
  for (const name of NODE_FS_PROMISE_FUNCTION_NAMES) promises[name] = notSimulated(`promises.${name}`);
  promises.constants = nodeFsConstants;
  for (const name of PROMISE_OPERATIONS) promises[name] = promiseForm(name, OPERATIONS[name]);
  const open = promiseForm('open', OPERATIONS.open);
  promises.open = (...args: unknown[]) => (open(...args) as Promise<number>).then((fd) => new SimFileHandle(fd));
  return promises;
}

function buildNodeFs(): Record<string, unknown> {
  const fs = buildCallbackAndSync();
  addExists(fs);
  const streamFs: StreamFs = {
    open: fs.open as NodeFsFunction,
    write: fs.write as NodeFsFunction,
    writev: fs.writev as NodeFsFunction,
    fsync: fs.fsync as NodeFsFunction,
    close: fs.close as NodeFsFunction,
  };
  const WriteStream = simWriteStreamClass(streamFs);
  fs.WriteStream = WriteStream;
  fs.FileWriteStream = WriteStream;
  fs.createWriteStream = function createWriteStream(path: unknown, options?: unknown) {
    boundRun('createWriteStream');
    return new WriteStream(path, options);
  };
  fs.promises = buildPromises();
  return fs;
}

const facade = buildNodeFs();

/** The simulated node:fs (one per process: what it serves is the run bound at the time of each call). */
export const simNodeFs = facade as unknown as typeof import('node:fs');

/** The simulated node:fs/promises (simNodeFs.promises). */
export const simNodeFsPromises = facade.promises as unknown as typeof import('node:fs/promises');

export { SimFileHandle } from './sim-file-handle';
