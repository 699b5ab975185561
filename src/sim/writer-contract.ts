// The contract between the simulator and a writer under test. The simulator never
// imports a writer: it is handed a `LogWriterFactory` (the rollout recorder's variants,
// a user's module, or an adapter around a third-party logger) and drives it through this.
// The types below say how it is called; this block says what each answer promises. The
// checks live in src/invariants/*.ts; this is their statement, and a change to one is a
// change to the other.
//
// ITEMS. Workloads hand items with unique ids (`h1.0`, `s2.3`; `h1.~4` is transient).
// An item with `durable: false` is one the writer's policy drops: it is never required
// and must never be in the file. "Items" below means the durable ones. An item is
// ACCEPTED when the append or persistItems that carried it resolved `queued` (or had not
// resolved when the machine crashed). Only accepted items may be in the file, each once:
// the items of a call that answered `filtered`, `closed`, `failed` or `ok`, or threw,
// must not appear. So answer `queued` for every call whose items you took.
//
// DURABILITY POINTS. A flush, session flush, shutdown or session shutdown that resolves
// `ok` is a durability point: every item whose append or persistItems resolved `queued`
// before that call started -- through any handle or the session -- and, for a session
// shutdown, every item handed to the session before shutdown() was called, is durable:
// a crash at any later step must still find it in the file. `persist` is not one (it
// materialises the file and writes, it does not promise fsync).
//
// WHAT EACH ANSWER PROMISES.
// - append / persistItems: `queued` -- accepted (above); in the file after a clean
//   shutdown and after any later durability point, until then a crash may lose it.
//   `filtered` -- every item was transient and nothing was written; fine at any time,
//   even after shutdown. `closed` -- the writer is shut down and took nothing.
//   `failed`/a throw -- took nothing.
// - persist / flush / session flush / shutdown / session shutdown: `ok` -- everything
//   queued before the call has been processed (and, but for persist, is durable, above).
//   `failed` -- the writer could not keep that promise: the items it covers may be
//   missing from the file, but are never duplicated. `closed` -- called after shutdown;
//   promises nothing. (Shutdown is idempotent: a repeated or concurrent shutdown may
//   answer as the first did; an `ok` from any of them is a durability point.)
// - No call that starts after the first shutdown (handle or session) started may throw:
//   it resolves `queued`, `filtered`, `closed`, `ok` or `failed`.
// - Every item handed to the session before the session's shutdown() was called must be
//   in the file once that shutdown resolved ok, whatever its persistItems answered; the
//   session must therefore accept it (order persists against shutdown). The one
//   exception: a handle's shutdown started before that persistItems settled (the writer
//   was shut down under the session's feet).
//
// CLEAN SHUTDOWN. A run is clean when it completed and a shutdown (handle or session)
// resolved `ok`. Then the file holds exactly the accepted items: every item whose append
// resolved `queued` and every item handed to the session before its shutdown was called
// is there, `closed` and `filtered` items are not required and `closed` ones are absent,
// nothing appears twice, the metadata line is first, and the reader skipped no line.
//
// CRASH. The file is cut back to its durable bytes plus some of the unsynced tail, which
// may end mid-line. Everything covered by a durability point that resolved `ok` before
// the crash is there; each actor's items are a prefix of its accepted items, in order;
// at most one line (the torn tail) is skipped, and the reader reports it.
//
// IN EVERY RUN. Nothing twice; nothing never accepted; each actor's items in the order
// its calls started (an actor may have more than one append in flight -- a burst -- and
// its appends must land in its own order; within a call, in array order); metadata
// first; every run ends (no caller blocked forever, no runaway loop: liveness).
//
// FSYNC FAILURE IS STICKY, as on Linux ("fsyncgate"): a failed fsync may drop the dirty
// pages and mark them clean, so a later fsync succeeds without writing them. A writer
// must not report a later barrier `ok` for bytes an earlier failed fsync may have lost,
// unless it rewrote those bytes and synced them itself.
//
// SCHEDULING. The simulator interleaves only at file operations (each completes at a
// step the scheduler picks), preemption points (env.preemption.point), timer firings
// (env.timers: a callback runs when the scheduler picks the `clock` event) and call
// starts. Microtasks settle between steps, so code between two such awaits runs
// atomically; awaiting a promise of the writer's own does not yield to other actors.
// A pending timer keeps a run going: clear it at shutdown.
//
// DETERMINISM. A writer touches the world only through the `Env` it is handed: no
// Math.random, Date.now, real timers or I/O of its own, or one scenario stops meaning
// one run.
//
// AT RUN TIME the simulator holds a writer to this (the `writer-contract` invariant):
// open(), clone(), readBack() and timer callbacks do not throw; every call returns a
// promise of a CallOutcome; readBack() resolves, within a bound, to a ReadBack; the
// microtask queue settles; and no node:fs call that writes is made from the writer's code
// during a run (it is refused before it writes -- see src/env/real-disk-guard.ts).
import type { Env, FileSystem, Timers } from '../env/env';
import type { SimClock } from './sim-clock';
import type { SimFileSystem } from './sim-fs';

/** An item a workload hands a writer. `durable: false` marks one the writer's policy must not persist: never required, never in the file. */
export interface SimItem {
  /** Unique in the run: `<actor>.<n>`, transient ones `<actor>.~<n>`. */
  readonly id: string;
  readonly durable: boolean;
  /** Text the item carries, for a writer that logs text: multibyte or a few KB (see workload.ts's payloads); absent means none. */
  readonly text?: string;
}

/**
 * A call's answer. For append and persistItems: `queued` (accepted), `filtered` (all
 * transient, nothing written), `closed` (shut down, nothing taken). For barriers (persist,
 * flush, shutdown): `ok` (kept; flush and shutdown make what was queued before them
 * durable), `failed` (could not keep it: covered items may be missing, never duplicated),
 * `closed` (after shutdown). See the block at the top of this file.
 */
export type CallOutcome =
  | { status: 'queued' }
  | { status: 'filtered' }
  | { status: 'closed' }
  | { status: 'ok' }
  | { status: 'failed'; message: string };

/** One caller's handle; every clone shares the same writer and file. */
export interface LogHandle {
  /** Another handle to the same writer; cloning is not a call and has no outcome. */
  clone(): LogHandle;
  /** Hands items over: `queued`, `filtered` or `closed`; never a throw once shutdown began. */
  append(items: readonly SimItem[]): Promise<CallOutcome>;
  /** Barrier that materialises the file and writes what is queued; not a durability point. */
  persist(): Promise<CallOutcome>;
  /** Barrier; `ok` is a durability point for every item queued (on any handle or the session) before it started. */
  flush(): Promise<CallOutcome>;
  /** Drains, syncs and closes; `ok` is a durability point and, in a completed run, makes it clean. Idempotent. */
  shutdown(): Promise<CallOutcome>;
}

/** The session layer above a handle, if the writer has one. */
export interface LogSession {
  /** Like `append`; and an item handed in before `shutdown()` was called must survive that shutdown. */
  persistItems(items: readonly SimItem[]): Promise<CallOutcome>;
  /** As `LogHandle.flush`. */
  flush(): Promise<CallOutcome>;
  /** `ok` makes durable everything queued before it and everything handed to the session before it was called. */
  shutdown(): Promise<CallOutcome>;
}

/** What `open()` hands back. */
export interface LogWriter {
  readonly handle: LogHandle;
  readonly session?: LogSession;
  /** The file the writer appends to. */
  readonly path: string;
}

/**
 * The writer's reader's account of a file, checked against the calls and the bytes.
 * `present: false` when the file does not exist or has no complete metadata line.
 */
export type ReadBack =
  | {
      present: true;
      /** Item ids in file order, each from a complete (newline-terminated) line. */
      itemIds: string[];
      /** Whether the metadata line (if the format has one) is the first line, and the only one. */
      metaFirst: boolean;
      /** Lines the reader skipped and reported (torn or invalid), by 1-based line number; a final line without a newline is one. */
      reportedLines: number[];
      /** Whether the file ends in a newline. */
      endsWithNewline: boolean;
    }
  | { present: false; reason: string };

/**
 * What a writer that reaches past its env -- an npm package that calls node:fs and the
 * global timers itself -- is bound to for one run: the run's file system, clock and timers.
 * (src/targets binds a package's node:fs and the global timers and Date to these.)
 */
export interface RunWorld {
  readonly fs: SimFileSystem;
  readonly clock: SimClock;
  readonly timers: Timers;
}

export type AckLevel = 'durable' | 'visible';

/** A writer under test, as the simulator (and `--recorder <module>`) takes it. */
export interface LogWriterFactory {
  readonly name: string;
  /** Whether `open()` hands back a session; without one, workloads call handles only. */
  readonly hasSession?: boolean;
  /**
   * What an `ok` from flush or shutdown promises. `durable` (the default): fsynced, so it
   * survives power loss -- a durability point, as above. `visible`: handed to the kernel,
   * so it survives the process exiting right after, but not a crash -- what most Node
   * loggers' flush callbacks and 'finish' events mean. Either is judged at the moment the
   * answer is given.
   */
  readonly acknowledges?: AckLevel;
  /** Whether a caller may call again from inside an acknowledgement (a flush callback, a 'finish' handler), as code written against loggers does. */
  readonly callsFromCallbacks?: boolean;
  /** Whether appends should carry text payloads (multibyte, a few KB): for writers that log text, whose bugs live in byte counts. */
  readonly textPayloads?: boolean;
  /** Opens a writer whose files live under `home`; scheduled like every call (it may do I/O). */
  open(env: Env, home: string): Promise<LogWriter>;
  /** Reads `path` back after the run (or the crash), with the file system as it was left. */
  readBack(fs: FileSystem, path: string): Promise<ReadBack>;
  /**
   * For a writer that does not do all its I/O through its env: binds what it reaches for
   * (node:fs, global timers, Date) to this run's world, before open(); the returned
   * function unbinds it once the run has been read back.
   */
  bindWorld?(world: RunWorld): () => void;
}

export class WriterContractError extends Error {
  override name = 'WriterContractError';
  constructor(writer: string, missing: readonly string[]) {
    super(`${writer} does not meet the writer contract: ${missing.join('; ')}`);
  }
}

function missingMethods(value: unknown, where: string, methods: readonly string[]): string[] {
  if (value === null || typeof value !== 'object') return [`${where} is ${value === null ? 'null' : typeof value}, not an object`];
  const record = value as Record<string, unknown>;
  return methods.filter((m) => typeof record[m] !== 'function').map((m) => `${where}.${m} is not a function`);
}

/** Checks a factory's shape before anything runs; throws WriterContractError naming every gap. */
export function checkFactory(value: unknown, where: string): asserts value is LogWriterFactory {
  const missing = missingMethods(value, where, ['open', 'readBack']);
  if (value && typeof value === 'object' && typeof (value as { name?: unknown }).name !== 'string') missing.push(`${where}.name is not a string`);
  if (missing.length) throw new WriterContractError(where, missing);
}

const HANDLE_METHODS = ['clone', 'append', 'persist', 'flush', 'shutdown'] as const;

/** Checks a handle -- `open().handle`, or what its `clone()` handed back. */
export function checkHandle(name: string, handle: unknown): asserts handle is LogHandle {
  const missing = missingMethods(handle, 'open().handle', HANDLE_METHODS);
  if (missing.length) throw new WriterContractError(name, missing);
}

/** Checks what `open()` handed back. */
export function checkWriter(name: string, writer: unknown, needsSession: boolean): asserts writer is LogWriter {
  const missing = missingMethods(writer, 'open() result', []);
  if (missing.length === 0) {
    const w = writer as Partial<LogWriter>;
    missing.push(...missingMethods(w.handle, 'open().handle', HANDLE_METHODS));
    if (typeof w.path !== 'string') missing.push('open().path is not a string');
    if (needsSession) {
      if (w.session === undefined) missing.push('open().session is missing, and the workload calls a session');
      else missing.push(...missingMethods(w.session, 'open().session', ['persistItems', 'flush', 'shutdown']));
    }
  }
  if (missing.length) throw new WriterContractError(name, missing);
}

const STATUSES: ReadonlySet<string> = new Set(['queued', 'filtered', 'closed', 'ok', 'failed']);

/** Shows a value the writer handed back, short enough for a one-line error. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Why `value` is not a CallOutcome, or undefined if it is one. */
export function notAnOutcome(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return `${showValue(value)}, not a CallOutcome`;
  const status = (value as { status?: unknown }).status;
  if (typeof status !== 'string' || !STATUSES.has(status)) {
    return `${showValue(value)}: status must be one of ${[...STATUSES].join(', ')}`;
  }
  if (status === 'failed' && typeof (value as { message?: unknown }).message !== 'string') return `${showValue(value)}: a failed outcome needs a message string`;
  return undefined;
}

/** Why `value` is not a ReadBack, or undefined if it is one. */
export function notAReadBack(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return `${showValue(value)}, not a ReadBack`;
  const r = value as Record<string, unknown>;
  if (r.present === false) return typeof r.reason === 'string' ? undefined : `${showValue(value)}: present: false needs a reason string`;
  if (r.present !== true) return `${showValue(value)}: present must be true or false`;
  const wrong: string[] = [];
  if (!Array.isArray(r.itemIds) || r.itemIds.some((id) => typeof id !== 'string')) wrong.push('itemIds must be an array of strings');
  if (!Array.isArray(r.reportedLines) || r.reportedLines.some((n) => !Number.isInteger(n))) wrong.push('reportedLines must be an array of line numbers');
  if (typeof r.metaFirst !== 'boolean') wrong.push('metaFirst must be a boolean');
  if (typeof r.endsWithNewline !== 'boolean') wrong.push('endsWithNewline must be a boolean');
  return wrong.length ? `${showValue(value)}: ${wrong.join('; ')}` : undefined;
}
