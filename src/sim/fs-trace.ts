// How file-system calls and a crash reach the trace. An async call is traced once, when
// it completes, with its event (`io`) and the step it was submitted at (`from`), so the
// trace shows each call from submission to completion. A crash traces the calls it found
// in flight (they never complete) and the cut it made in each file.
import type { IoEvent, SimFsLog } from './sim-fs';
import type { CrashReport } from './page-cache';
import type { Trace } from './trace';

/** The result a file-system call still in flight when the power went is traced with. */
export const IN_FLIGHT_AT_CRASH = 'in flight at the crash: never completed';
/** ... and one still in flight when the run ended otherwise (a budget, a liveness failure). */
export const IN_FLIGHT_AT_END = 'in flight when the run ended: never completed';

export class FsTrace implements SimFsLog {
  /** The step each pending event was submitted at, until it completes and is traced. */
  private readonly submittedAt = new Map<number, number>();

  /** `at` is read when an entry is made: the run's step and time then (the simulation itself). */
  constructor(
    private readonly trace: Trace,
    private readonly at: { readonly step: number; readonly t: number },
    private readonly ended: () => boolean,
  ) {}

  fs(source: string, op: string, path: string, result: string, io?: number): void {
    if (io === undefined) return this.trace.add({ step: this.at.step, t: this.at.t, kind: 'fs', source, op, path, result });
    const from = this.submittedAt.get(io);
    this.submittedAt.delete(io);
    this.trace.add({ step: this.at.step, t: this.at.t, kind: 'fs', source, op, path, result, io, from });
  }

  submitted(source: string, op: string, path: string, io?: number): void {
    if (io !== undefined) this.submittedAt.set(io, this.at.step);
    // Only a real timer, real I/O or the like can get here; it shows when the trace is compared with a re-run's.
    if (this.ended()) this.trace.add({ step: this.at.step, t: this.at.t, kind: 'fs', source, op, path, result: 'called after the run ended' });
  }

  /** Calls that will never complete, each with why. */
  unfinished(inFlight: readonly IoEvent[], result: typeof IN_FLIGHT_AT_CRASH | typeof IN_FLIGHT_AT_END): void {
    for (const io of inFlight) {
      if (!this.submittedAt.has(io.id)) continue;
      this.trace.add({ step: this.at.step, t: this.at.t, kind: 'fs', source: io.source, op: io.op, path: io.path, result, io: io.id, from: this.submittedAt.get(io.id) });
      this.submittedAt.delete(io.id);
    }
  }

  /** A crash: the calls it found in flight, then what it did to each file. */
  crash(inFlight: readonly IoEvent[], files: readonly CrashReport[]): void {
    this.unfinished(inFlight, IN_FLIGHT_AT_CRASH);
    for (const f of files) {
      const cut = { path: f.path, durableBytes: f.durableBytes, keptBytes: f.keptUnsyncedBytes, lostBytes: f.lostBytes };
      this.trace.add({ step: this.at.step, t: this.at.t, kind: 'cut', ...cut, ...(f.droppedBytes ? { droppedBytes: f.droppedBytes } : {}) });
    }
  }
}
