// The node:fs calls the facade simulates, each once: how its arguments (as its *Sync form
// takes them) become a plan of the sim fs (src/sim/sim-node-ops.ts), and what the caller
// gets back. node-fs-forms.ts makes the callback, *Sync and promise forms from these.
import type { IoPlan, SimNodeOps } from '../sim/sim-node-ops';
import { NodeFsNotSimulatedError } from './node-fs-binding';
import { fileOptions, filePath, mkdirOptions, option, toBytes, toFd, toFlags, toMode, toPath, writeArgs, writevArgs } from './node-fs-args';

export interface Operation {
  /** The plan for these arguments; a wrong argument throws here, before anything is submitted. */
  plan(ops: SimNodeOps, args: readonly unknown[]): IoPlan<unknown>;
  /** What the *Sync form returns and the promise resolves to; the plan's value if absent. */
  result?(value: unknown, args: readonly unknown[]): unknown;
  /** What the callback gets after its null error; [result] if absent, [] when that is undefined. */
  callbackArgs?(value: unknown, args: readonly unknown[]): unknown[];
  /** The *Sync form gives undefined for a missing file rather than throwing (statSync's throwIfNoEntry: false). */
  missingIsUndefined?(args: readonly unknown[]): boolean;
}

function refuseBigint(call: string, options: unknown): void {
  if (option(options, 'bigint')) throw new NodeFsNotSimulatedError(`${call} (option bigint)`);
}

function statOperation(call: 'stat' | 'lstat'): Operation {
  return {
    plan: (ops, [path, options]) => {
      refuseBigint(call, options);
      return ops.stat(toPath(path), call);
    },
    missingIsUndefined: ([, options]) => option(options, 'throwIfNoEntry') === false,
  };
}

function writeFileOperation(call: 'writeFile' | 'appendFile'): Operation {
  return {
    plan: (ops, [file, data, options]) => {
      const o = fileOptions(options, call);
      return ops.writeFile(filePath(file, call), toBytes(data, o.encoding), { op: call, flags: o.flag, mode: toMode(o.mode, 0o666) });
    },
  };
}

export const OPERATIONS = {
  open: { plan: (ops, [path, flags, mode]) => ops.open(toPath(path), toFlags(flags, 'r'), toMode(mode, 0o666)) },
  close: { plan: (ops, [fd]) => ops.close(toFd(fd)) },
  write: {
    plan: (ops, args) => {
      const { fd, bytes, position } = writeArgs(args);
      return ops.write(fd, bytes, position);
    },
    // node:fs hands back what it was given: the buffer, or the string.
    callbackArgs: (n, args) => [n, args[1]],
  },
  writev: {
    plan: (ops, args) => {
      const { fd, chunks, position } = writevArgs(args);
      return ops.writev(fd, chunks, position);
    },
    callbackArgs: (n, args) => [n, args[1]],
  },
  fsync: { plan: (ops, [fd]) => ops.fsync(toFd(fd), 'fsync') },
  fdatasync: { plan: (ops, [fd]) => ops.fsync(toFd(fd), 'fdatasync') },
  fstat: {
    plan: (ops, [fd, options]) => {
      refuseBigint('fstat', options);
      return ops.fstat(toFd(fd));
    },
  },
  stat: statOperation('stat'),
  lstat: statOperation('lstat'),
  mkdir: {
    plan: (ops, [path, options]) => ops.mkdir(toPath(path), mkdirOptions(options)),
  },
  readdir: {
    plan: (ops, [path, options]) => {
      for (const key of ['withFileTypes', 'recursive'] as const) if (option(options, key)) throw new NodeFsNotSimulatedError(`readdir (option ${key})`);
      if (options === 'buffer' || option(options, 'encoding') === 'buffer') throw new NodeFsNotSimulatedError("readdir (encoding 'buffer')");
      return ops.readdir(toPath(path));
    },
  },
  readFile: {
    plan: (ops, [file, options]) => ops.readFile(filePath(file, 'readFile'), fileOptions(options, 'readFile').flag ?? 'r'),
    result: (bytes, [, options]) => {
      const { encoding } = fileOptions(options, 'readFile');
      return encoding ? (bytes as Buffer).toString(encoding) : bytes;
    },
  },
  writeFile: writeFileOperation('writeFile'),
  appendFile: writeFileOperation('appendFile'),
  rename: { plan: (ops, [from, to]) => ops.rename(toPath(from, 'oldPath'), toPath(to, 'newPath')) },
  unlink: { plan: (ops, [path]) => ops.unlink(toPath(path)) },
  access: { plan: (ops, [path, mode]) => ops.access(toPath(path), typeof mode === 'number' ? mode : undefined) },
} satisfies Record<string, Operation>;

export type OperationName = keyof typeof OPERATIONS;

/** The simulated calls node:fs/promises has (others of the list are FileHandle methods there). */
export const PROMISE_OPERATIONS: readonly OperationName[] = ['access', 'appendFile', 'lstat', 'mkdir', 'readdir', 'readFile', 'rename', 'stat', 'unlink', 'writeFile'];

export function resultOf(op: Operation, value: unknown, args: readonly unknown[]): unknown {
  return op.result ? op.result(value, args) : value;
}
