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
  open(env: Env, home: string): Promise<LogWriter>;
  readBack(fs: FileSystem, path: string): Promise<ReadBack>;
}

export const CALL_STATUSES = ['queued', 'filtered', 'closed', 'ok', 'failed'] as const;
