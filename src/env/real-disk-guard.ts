// Keeps a writer under test off the real disk while a simulated run is in progress. A
// writer must do all its I/O through the env it is handed; one that imports node:fs and
// writes there instead would pass every run (the simulator never sees those bytes) while
// it scribbles on the user's machine. The guard wraps node:fs's calls that change the
// disk -- opening for writing, writes, appends, mkdir, rename, unlink, streams -- in the
// callback, synchronous and promise forms. Such a call made from inside a simulated run
// (as the policy the simulator registers decides: code running as an actor, the writer
// or a timer, never the harness) is refused: it throws before touching anything, and the
// run is told, so it ends as a breach of the writer contract naming the call and path.
// Reads are let through: module loaders read source files through the same functions, and
// a read changes nothing (what it feeds the writer shows up as a determinism failure).
//
// It lives in src/env because this is the one layer allowed to touch node:fs. It patches
// the module objects themselves, so code that loaded before it still calls through it:
// TypeScript's and Node's ESM interop read module properties at call time.
import fs = require('node:fs');

/** One refused call: the node:fs function and the path (or descriptor) it was given. */
export interface RealDiskTouch {
  call: string;
  target: string;
}

export class RealDiskAccessError extends Error {
  override name = 'RealDiskAccessError';
  constructor(readonly touch: RealDiskTouch) {
    super(
      `the writer called node:fs ${touch.call}(${touch.target}) during a simulated run: ` +
        'a writer must do all its I/O through the env it is handed (env.fs), never the real disk',
    );
  }
}

/** A simulated run's say: whether the current caller is the system under test, and where to report it. */
export interface DiskPolicy {
  insideSystemUnderTest(): boolean;
  report(touch: RealDiskTouch): void;
}

/** Calls that change the disk, by name; `open` is refused only when its flags write. */
const CALLBACK_CALLS = [
  'appendFile', 'writeFile', 'write', 'writev', 'mkdir', 'mkdtemp', 'rename', 'unlink', 'rm', 'rmdir', 'truncate',
  'ftruncate', 'copyFile', 'cp', 'symlink', 'link', 'chmod', 'chown', 'utimes', 'fsync', 'fdatasync',
] as const;
const OPEN_CALLS = ['open', 'openSync'] as const;
const STREAM_CALLS = ['createWriteStream'] as const;
const PROMISE_CALLS = [
  'appendFile', 'writeFile', 'mkdir', 'mkdtemp', 'rename', 'unlink', 'rm', 'rmdir', 'truncate', 'copyFile', 'cp',
  'symlink', 'link', 'chmod', 'chown', 'utimes',
] as const;

const WRITE_FLAG_BITS = fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_APPEND | fs.constants.O_TRUNC;

function opensForWriting(flags: unknown): boolean {
  if (typeof flags === 'number') return (flags & WRITE_FLAG_BITS) !== 0;
  return typeof flags === 'string' && /[wa+]/.test(flags);
}

function describeTarget(arg: unknown): string {
  if (typeof arg === 'string') return JSON.stringify(arg);
  if (typeof arg === 'number') return `fd ${arg}`;
  if (arg instanceof URL || Buffer.isBuffer(arg)) return JSON.stringify(arg.toString());
  return typeof arg;
}

const policies = new Set<DiskPolicy>();
let installed = false;

function refuseIfSimulated(call: string, target: unknown): void {
  if (policies.size === 0) return;
  let blamed = false;
  const touch = { call, target: describeTarget(target) };
  for (const policy of policies) {
    if (!policy.insideSystemUnderTest()) continue;
    policy.report(touch);
    blamed = true;
  }
  if (blamed) throw new RealDiskAccessError(touch);
}

type AnyFunction = (...args: unknown[]) => unknown;

function wrap(host: Record<string, unknown>, name: string, label: string, refuses: (args: unknown[]) => boolean): void {
  const original = host[name];
  if (typeof original !== 'function') return;
  const guarded = function (this: unknown, ...args: unknown[]): unknown {
    if (refuses(args)) refuseIfSimulated(label, args[0]);
    return (original as AnyFunction).apply(this, args);
  };
  // Keep what Node hangs on its functions (util.promisify's custom symbols among them).
  for (const key of Object.getOwnPropertySymbols(original)) {
    Object.defineProperty(guarded, key, Object.getOwnPropertyDescriptor(original, key)!);
  }
  Object.defineProperty(guarded, 'name', { value: (original as AnyFunction).name });
  host[name] = guarded;
}

/** Patches node:fs once per process; the wrappers cost one check of an empty set outside runs. */
export function installRealDiskGuard(): void {
  if (installed) return;
  installed = true;
  const callbacks = fs as unknown as Record<string, unknown>;
  const promises = fs.promises as unknown as Record<string, unknown>;
  const always = () => true;
  for (const name of CALLBACK_CALLS) {
    wrap(callbacks, name, name, always);
    wrap(callbacks, `${name}Sync`, `${name}Sync`, always);
  }
  for (const name of OPEN_CALLS) wrap(callbacks, name, name, (args) => opensForWriting(args[1]));
  for (const name of STREAM_CALLS) wrap(callbacks, name, name, always);
  for (const name of PROMISE_CALLS) wrap(promises, name, `promises.${name}`, always);
  wrap(promises, 'open', 'promises.open', (args) => opensForWriting(args[1]));
}

/** Guards the disk for one run until the returned function is called. */
export function guardRealDisk(policy: DiskPolicy): () => void {
  installRealDiskGuard();
  policies.add(policy);
  return () => void policies.delete(policy);
}
