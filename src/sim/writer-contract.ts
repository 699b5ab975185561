// The contract between the simulator and a writer under test. The simulator never
// imports a writer: it is handed a `LogWriterFactory` (the rollout recorder's variants,
// a user's module, or an adapter around a third-party logger) and drives it through this.
import type { Env, FileSystem } from '../env/env';

/** An item a workload hands a writer. `durable: false` marks one the writer's policy must not persist. */
export interface SimItem {
  readonly id: string;
  readonly durable: boolean;
}

export type CallOutcome =
  | { status: 'queued' }
  | { status: 'filtered' }
  | { status: 'closed' }
  | { status: 'ok' }
  | { status: 'failed'; message: string };

export interface LogHandle {
  clone(): LogHandle;
  append(items: readonly SimItem[]): Promise<CallOutcome>;
  persist(): Promise<CallOutcome>;
  flush(): Promise<CallOutcome>;
  shutdown(): Promise<CallOutcome>;
}

/** The session layer above a handle, if the writer has one. */
export interface LogSession {
  persistItems(items: readonly SimItem[]): Promise<CallOutcome>;
  flush(): Promise<CallOutcome>;
  shutdown(): Promise<CallOutcome>;
}

export interface LogWriter {
  readonly handle: LogHandle;
  readonly session?: LogSession;
  /** The file the writer appends to. */
  readonly path: string;
}

export type ReadBack =
  | {
      present: true;
      /** Item ids in file order. */
      itemIds: string[];
      /** Whether the metadata line (if the format has one) is the first line. */
      metaFirst: boolean;
      /** Lines the reader skipped and reported (torn or invalid), by line number. */
      reportedLines: number[];
      /** Whether the file ends in a newline. */
      endsWithNewline: boolean;
    }
  | { present: false; reason: string };

export interface LogWriterFactory {
  readonly name: string;
  /** Whether `open()` hands back a session; without one, workloads call handles only. */
  readonly hasSession?: boolean;
  open(env: Env, home: string): Promise<LogWriter>;
  readBack(fs: FileSystem, path: string): Promise<ReadBack>;
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

/** Checks what `open()` handed back. */
export function checkWriter(name: string, writer: unknown, needsSession: boolean): asserts writer is LogWriter {
  const missing = missingMethods(writer, 'open() result', []);
  if (missing.length === 0) {
    const w = writer as Partial<LogWriter>;
    missing.push(...missingMethods(w.handle, 'open().handle', ['clone', 'append', 'persist', 'flush', 'shutdown']));
    if (typeof w.path !== 'string') missing.push('open().path is not a string');
    if (needsSession) {
      if (w.session === undefined) missing.push('open().session is missing, and the workload calls a session');
      else missing.push(...missingMethods(w.session, 'open().session', ['persistItems', 'flush', 'shutdown']));
    }
  }
  if (missing.length) throw new WriterContractError(name, missing);
}
