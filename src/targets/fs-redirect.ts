// Loads a target package so that it and everything it loads get the simulated node:fs
// (sim-node-fs.ts) for `fs`, `node:fs`, `fs/promises`, `node:fs/promises` and
// `graceful-fs` -- fs-extra's fs is graceful-fs, so fs-extra gets it too -- while memfs,
// our own src and jest keep the real one.
//
// How: through Node's real CommonJS loader, with one hook on `Module._load` installed
// once per process. The target's root module and every module loaded from a module of
// the target's closure -- while it loads, or later at run time (a lazy `require('fs')`,
// an appender loaded at configure time) -- belongs to the target's closure; for a parent
// that belongs to one, the hook answers the fs names with the facade and loads any other
// file into the closure's PRIVATE module cache, never Node's `require.cache`. So a module
// another part of the process already loaded bound to the real fs (jest loads
// graceful-fs for itself; a user may have loaded fs-extra) is never shared with the
// target: the target gets its own fresh copy, whose fs is the facade. Node's builtins
// other than fs come from Node as usual. Everything not loaded from a closure module is
// passed to Node's loader untouched, at the cost of one WeakMap lookup per require.
//
// `graceful-fs` itself is answered with the facade rather than loaded: it patches the fs
// it wraps in place and keeps a process-wide retry queue, and its EMFILE retries have
// nothing to do in a simulated run, which never runs out of descriptors.
//
// Under jest, `require` in a test goes through jest's registry and `node:module` is a
// stand-in; the real Module is the stand-in's base class, and is what is used here, so a
// target loads and runs the same in a test as in the CLI (in Node's own realm, not
// jest's sandbox). Each target is loaded once per instance of this module -- once per
// process in the CLI, once per test file under jest -- and later loads return the first.
//
// Limits: CommonJS only (an ES module target is not redirected); `process.binding` or
// `process.getBuiltinModule('fs')` would get past it.
import NodeModule = require('node:module');
import { dirname, isAbsolute, join } from 'node:path';
import { simNodeFs } from './sim-node-fs';

/** What this file uses of Node's CommonJS loader (lib/internal/modules/cjs/loader.js). */
interface LoaderModule {
  exports: unknown;
  filename: string;
  load(filename: string): void;
}

interface Loader {
  new (id: string, parent?: LoaderModule): LoaderModule;
  _load(request: string, parent: LoaderModule | undefined, isMain: boolean): unknown;
  _resolveFilename(request: string, parent: LoaderModule | undefined, isMain: boolean): string;
  isBuiltin(request: string): boolean;
  createRequire(filename: string): NodeJS.Require;
}

/** The process-wide hook's state, kept on Node's Module so every instance of this file shares one hook. */
interface Redirector {
  readonly realLoad: Loader['_load'];
  readonly owners: WeakMap<LoaderModule, TargetClosure>;
}

const REDIRECTOR = Symbol.for('rollout-sim.fs-redirect');
const FS_NAMES = new Set(['fs', 'node:fs', 'graceful-fs']);
const FS_PROMISES_NAMES = new Set(['fs/promises', 'node:fs/promises']);

export class TargetLoadError extends Error {
  override name = 'TargetLoadError';
  constructor(
    readonly target: string,
    cause: unknown,
  ) {
    super(`could not load target ${JSON.stringify(target)}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** Node's real Module class: under jest, the base of jest's stand-in for node:module. */
function realLoader(): Loader {
  let candidate: unknown = NodeModule;
  for (;;) {
    const base: unknown = Object.getPrototypeOf(candidate);
    if (typeof base !== 'function' || typeof (base as Partial<Loader>)._load !== 'function') return candidate as Loader;
    candidate = base;
  }
}

function redirectorOf(loader: Loader): Redirector {
  const slot = loader as unknown as Record<symbol, Redirector | undefined>;
  const existing = slot[REDIRECTOR];
  if (existing) return existing;
  const redirector: Redirector = { realLoad: loader._load, owners: new WeakMap() };
  loader._load = function (this: unknown, request, parent, isMain) {
    const closure = parent ? redirector.owners.get(parent) : undefined;
    return closure ? closure.require(request, parent) : redirector.realLoad.call(this, request, parent, isMain);
  };
  slot[REDIRECTOR] = redirector;
  return redirector;
}

/** One target's modules: its private cache, by file name, and the facade they get for fs. */
class TargetClosure {
  readonly modules = new Map<string, LoaderModule>();

  constructor(
    private readonly loader: Loader,
    private readonly redirector: Redirector,
    private readonly fs: typeof simNodeFs,
  ) {}

  require(request: string, parent: LoaderModule | undefined): unknown {
    if (FS_NAMES.has(request)) return this.fs;
    if (FS_PROMISES_NAMES.has(request)) return this.fs.promises;
    if (this.loader.isBuiltin(request)) return this.redirector.realLoad.call(this.loader, request, parent, false);
    return this.loadFile(this.loader._resolveFilename(request, parent, false), parent);
  }

  loadFile(filename: string, parent: LoaderModule | undefined): unknown {
    const cached = this.modules.get(filename);
    if (cached) return cached.exports;
    const module = new this.loader(filename, parent);
    // In the cache before it runs, as Node does, so circular requires get its partial exports.
    this.modules.set(filename, module);
    this.redirector.owners.set(module, this);
    try {
      module.load(filename);
    } catch (err) {
      this.modules.delete(filename);
      throw err;
    }
    return module.exports;
  }
}

/** The repository's root: targets resolve from its node_modules. */
const PROJECT_ROOT = join(__dirname, '..', '..');

interface LoadedTarget {
  exports: unknown;
  closure: TargetClosure;
}

const loaded = new Map<string, LoadedTarget>();

/**
 * A target package's exports, loaded with the simulated node:fs for it and its whole
 * dependency closure. `target` is a package name (resolved from the project's
 * node_modules, npm aliases such as `sonic-boom-4.2.0` included) or an absolute path.
 */
export function loadTarget(target: string): unknown {
  return load(target).exports;
}

/** The files of a target's closure loaded so far (its private cache), in load order. */
export function targetModules(target: string): string[] {
  return [...(loaded.get(target)?.closure.modules.keys() ?? [])];
}

function load(target: string): LoadedTarget {
  const known = loaded.get(target);
  if (known) return known;
  const loader = realLoader();
  const closure = new TargetClosure(loader, redirectorOf(loader), simNodeFs);
  let exports: unknown;
  try {
    const from = isAbsolute(target) ? dirname(target) : PROJECT_ROOT;
    const filename = loader.createRequire(join(from, 'noop.js')).resolve(target);
    exports = closure.loadFile(filename, undefined);
  } catch (err) {
    throw new TargetLoadError(target, err);
  }
  const entry = { exports, closure };
  loaded.set(target, entry);
  return entry;
}
