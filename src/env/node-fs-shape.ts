// node:fs's shape, without its I/O: the names of its functions (callback, *Sync and
// promises), its plain values (constants, F_OK...) and its WriteStream class, for the
// simulated node:fs a target package is given (src/targets/sim-node-fs.ts). Nothing here
// touches the disk; it lives in src/env because this is the one layer that imports node:fs.
// The WriteStream class is Node's own so that a simulated stream behaves as Node's does:
// it reaches the disk only through the `fs` option it is constructed with.
import fs = require('node:fs');

const callbacks = fs as unknown as Record<string, unknown>;
const promises = fs.promises as unknown as Record<string, unknown>;

/** Every function node:fs exports by name (callback and *Sync forms, and its classes). */
export const NODE_FS_FUNCTION_NAMES: readonly string[] = Object.keys(callbacks).filter((k) => typeof callbacks[k] === 'function');

/** node:fs's other exports by name and value (F_OK..., and `undefined` for what this platform lacks, like lchmod on Linux), but `promises`. */
export const NODE_FS_VALUES: Readonly<Record<string, unknown>> = Object.fromEntries(
  Object.keys(callbacks)
    .filter((k) => typeof callbacks[k] !== 'function' && k !== 'promises')
    .map((k) => [k, callbacks[k]]),
);

/** Every function of node:fs/promises by name. */
export const NODE_FS_PROMISE_FUNCTION_NAMES: readonly string[] = Object.keys(promises).filter((k) => typeof promises[k] === 'function');

/** The functions of a node:fs/promises FileHandle, by name. */
export const NODE_FS_FILE_HANDLE_METHOD_NAMES: readonly string[] = [
  'appendFile', 'chmod', 'chown', 'close', 'createReadStream', 'createWriteStream', 'datasync', 'getAsyncId', 'read',
  'readableWebStream', 'readFile', 'readLines', 'readv', 'stat', 'sync', 'truncate', 'utimes', 'write', 'writeFile', 'writev',
];

export const nodeFsConstants: typeof fs.constants = fs.constants;

/** Node's own write stream; the simulated node:fs constructs it with its `fs` option. */
export const NodeWriteStream: typeof fs.WriteStream = fs.WriteStream;
