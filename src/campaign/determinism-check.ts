// The nondeterminism detector (shuttle's uncontrolled-nondeterminism check, TigerBeetle's
// hash log): re-run a run's scenario and compare the two traces. Before the re-run the
// real event loop gets a turn and the wall clock moves on by at least 2 ms, so a writer
// that stamps lines with the real time writes other bytes the second time, and a real
// timer armed in the first run fires -- into that run, whose trace then records a call
// made after it ended -- while the re-run is compared at once. A writer driven only by
// its env cannot tell the two runs apart.
import { determinism } from '../invariants/determinism';
import type { Violation } from '../invariants/index';
import { simulate, type RunResult } from '../sim/simulation';
import type { LogWriterFactory } from '../sim/writer-contract';
import { floodedTheEventLoop } from '../sim/writer-failure';

/** Re-run one generated run in this many by default: cheap enough to leave on. */
export const DEFAULT_DETERMINISM_CHECK = 50;

const WALL_CLOCK_GAP_MS = 2;

export interface DeterminismCheck {
  rerun: RunResult;
  /** Empty when the re-run gave the same trace; else one `determinism` violation. */
  violations: Violation[];
}

/** Re-runs `first`'s scenario with `writer` and compares the traces. */
export async function rerunAndCompare(writer: LogWriterFactory, first: RunResult): Promise<DeterminismCheck> {
  await letRealTimePass();
  const rerun = await simulate(writer, first.scenario);
  return { rerun, violations: determinism.compare(first, rerun) };
}

async function letRealTimePass(): Promise<void> {
  const start = Date.now();
  do await new Promise((resume) => setTimeout(resume, 1));
  while (Date.now() - start < WALL_CLOCK_GAP_MS);
}

/**
 * Which runs to re-run: one in `every` (the first included; 0 turns sampling off), and,
 * once a divergence has been seen, every run after it, so that shrinking keeps checking.
 */
export class DeterminismSampler {
  private seen = 0;
  private diverged = false;

  constructor(private readonly every: number) {
    if (!Number.isInteger(every) || every < 0) throw new RangeError(`checkDeterminism must be a whole number >= 0; got ${every}`);
  }

  next(): boolean {
    const index = this.seen++;
    return this.diverged || (this.every > 0 && index % this.every === 0);
  }

  recordDivergence(): void {
    this.diverged = true;
  }
}

/**
 * A failure is replayed once before it is reported: if the replay's trace differs from the
 * run that failed, the failure reported is the divergence (`determinism`), with that run.
 */
export async function confirmFailure(
  writer: LogWriterFactory,
  failed: { run: RunResult; violations: Violation[] },
  onCheck?: (diverged: boolean) => void,
): Promise<{ run: RunResult; violations: Violation[] }> {
  // A re-run needs the event loop, and a microtask storm has taken it for good.
  if (floodedTheEventLoop(failed.run.end)) return failed;
  const check = await rerunAndCompare(writer, failed.run);
  onCheck?.(check.violations.length > 0);
  return check.violations.length > 0 ? { run: failed.run, violations: check.violations } : failed;
}
