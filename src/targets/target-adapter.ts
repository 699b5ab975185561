// The target adapter contract: how rollout-sim drives an npm logger, unmodified, as a
// writer under test. The package is loaded from its own installed copy with the
// simulated node:fs (fs-redirect.ts) and runs on the run's clock (global-time.ts); the
// adapter only says how to use it, as its README does:
//
// - CREATE: `create(pkg, file)` builds one logger from the package's own exports,
//   appending to `file` (its directory exists). Every handle of the run is this logger.
// - APPEND: `write(logger, record)` hands one record (a line of JSON, newline included,
//   or without it for a logger that ends records with its own EOL: `ownEol`) to the
//   package's own call -- its `write`, its `info`. An append answers `queued` once every
//   record of it was handed over without a throw.
// - ACKNOWLEDGEMENT: `flush(logger)` resolves when the package's flush signal fires (a
//   flush callback, a `'drain'`); `end(logger)` when its end signal fires (an end
//   callback, `'finish'`, a shutdown callback). `undefined` is ok, an Error is failed.
//   `acknowledges` says what such an ok promises: `visible` (in the file as readers see
//   it: survives the process exiting right after -- what loggers' callbacks mean) or
//   `durable` (fsynced: survives power loss). The oracle judges each ok at the moment it
//   is given, with a snapshot of the file taken as it settles.
// - SHUTDOWN: every shutdown call of the run calls `end` -- so a second, concurrent or
//   repeated shutdown reaches the package as its users' code would make it.
// - AFTER SHUTDOWN: `afterEnd` says what the package's contract makes of a write after
//   end. `closed`: the write is not made and the append answers `closed`, for the reason
//   the adapter states (the package throws, or documents that it drops it) -- an explicit
//   mapping, never a silent catch. `call`: the package takes it, and a throw from it is
//   the package's (no call after shutdown may throw).
// - READ BACK: every record is `{"id": ..., "text"?: ..., "bytes"?: N}` on a line of its
//   own; the reader (target-writer.ts) returns the ids of lines that parse and whose text
//   has its byte count, and reports every other line.

/** Loads a package with the simulated node:fs; binds that node:fs to one run's file system. */
export interface TargetRuntime<Fs = unknown> {
  load(module: string): unknown;
  bindNodeFs(fs: Fs): () => void;
}

export interface TargetAdapter<Logger = unknown> {
  /** What `--target` takes: `sonic-boom@4.2.0`. */
  readonly name: string;
  /** The installed copy to load (an npm alias of that exact version): `sonic-boom-4.2.0`. */
  readonly module: string;
  /** What this version is known for: an upstream issue, or that it is the fixed release. */
  readonly known: string;
  readonly acknowledges: 'visible' | 'durable';
  readonly afterEnd: { kind: 'closed'; why: string } | { kind: 'call' };
  /** Whether the logger ends every record with its own EOL: it is then handed each record without the newline. */
  readonly ownEol?: boolean;
  create(pkg: unknown, file: string): Logger | Promise<Logger>;
  write(logger: Logger, record: string): void;
  flush(logger: Logger): Promise<Error | undefined>;
  end(logger: Logger): Promise<Error | undefined>;
}
