// The peer's world: an `Env` over one in-memory memfs volume (src/env/memory-env.ts's
// volumeFileSystem) in which every asynchronous thing the writer waits on -- each
// file-system call, each file-handle write, sync and close, each preemption point, each
// timer firing -- completes only when fast-check's scheduler releases it. This is how
// fast-check's docs put an API under `fc.scheduler()`: wrap its promises with
// `s.schedule`, so the scheduler, not the event loop, picks the order they resolve in.
//
// Each operation starts at once on memfs and only its *completion* is held back: the
// scheduled task resolves to nothing (fast-check stringifies what a task resolves to
// for its report, and a memfs FileHandle is a large object graph), and the caller then
// takes the operation's own result, already settled.
import type fc from 'fast-check';
import { Volume } from 'memfs';
import type { Clock, Env, FileHandle, FileSystem, Preemption, TimerHandle, Timers } from '../../src/env/env';
import { CountingIds, volumeFileSystem } from '../../src/env/memory-env';

/**
 * The peer's step counter: one step per task the scheduler releases, and one per call
 * started (see peer-run.ts), so that "settled before that call started" is a comparison
 * of numbers, as in the simulator's CallRecords. Past `limit` releases the scheduler's
 * act stops releasing (a runaway writer would otherwise loop forever under waitIdle):
 * the run then ends as a step-budget failure.
 */
export class StepCounter {
  value = 0;
  exhausted = false;
  constructor(readonly limit: number) {}

  /** The act every scheduled task is released through: counts it, or holds it for good once over the limit. */
  readonly act: fc.SchedulerAct = async (release) => {
    if (this.value >= this.limit) {
      this.exhausted = true;
      return;
    }
    this.value++;
    await release();
  };
}

export interface ScheduledWorld {
  readonly env: Env;
  readonly volume: InstanceType<typeof Volume>;
  /** The same file system without the scheduler: for reading back after the run. */
  readonly plainFs: FileSystem;
  readonly steps: StepCounter;
  readonly timers: ScheduledTimers;
}

const ignore = (): void => undefined;

/** Holds `op`'s completion until the scheduler releases it; `op` itself runs at once. */
function gate<T>(s: fc.Scheduler, steps: StepCounter, op: Promise<T>, label: string): Promise<T> {
  // Settled either way, so a rejection is never unhandled while it waits to be released.
  const settled = op.then(ignore, ignore);
  return s.schedule(settled, label, undefined, steps.act).then(() => op);
}

function scheduledHandle(s: fc.Scheduler, steps: StepCounter, handle: FileHandle, path: string): FileHandle {
  return {
    write: (data) => gate(s, steps, handle.write(data), `write ${path}`),
    sync: () => gate(s, steps, handle.sync(), `sync ${path}`),
    close: () => gate(s, steps, handle.close(), `close ${path}`),
  };
}

function scheduledFileSystem(s: fc.Scheduler, steps: StepCounter, fs: FileSystem): FileSystem {
  return {
    open: (path, flags, mode) => gate(s, steps, fs.open(path, flags, mode), `open ${path}`).then((h) => scheduledHandle(s, steps, h, path)),
    mkdir: (path, options) => gate(s, steps, fs.mkdir(path, options), `mkdir ${path}`),
    stat: (path) => gate(s, steps, fs.stat(path), `stat ${path}`),
    readFile: (path) => gate(s, steps, fs.readFile(path), `readFile ${path}`),
  };
}

/** A clock that moves only when a timer fires, to that timer's due time. */
class PeerClock implements Clock {
  nowMs: number;
  constructor(
    epochMs: number,
    private readonly offsetMinutes: number,
  ) {
    this.nowMs = epochMs;
  }
  now(): number {
    return this.nowMs;
  }
  utcOffsetMinutes(): number {
    return this.offsetMinutes;
  }
}

/**
 * Timers whose firing is a scheduled task: while any timer is pending one `clock` task
 * waits in the scheduler, and when it is released the earliest timer fires, the clock
 * moving on to its due time -- the simulator's `clock` event, in fast-check's terms.
 */
export class ScheduledTimers implements Timers {
  private readonly live = new Map<number, { due: number; fn: () => void }>();
  private nextId = 1;
  private clockScheduled = false;

  constructor(
    private readonly s: fc.Scheduler,
    private readonly steps: StepCounter,
    private readonly clock: PeerClock,
  ) {}

  get pending(): number {
    return this.live.size;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timerId = this.nextId++;
    this.live.set(timerId, { due: this.clock.nowMs + Math.max(0, ms), fn });
    this.scheduleClock();
    return { timerId };
  }

  clearTimeout(handle: TimerHandle): void {
    this.live.delete(handle.timerId);
  }

  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => this.setTimeout(resolve, ms));
  }

  private scheduleClock(): void {
    if (this.clockScheduled) return;
    this.clockScheduled = true;
    void this.s.schedule(Promise.resolve(), 'clock', undefined, this.steps.act).then(() => {
      this.clockScheduled = false;
      this.fireEarliest();
      if (this.live.size > 0) this.scheduleClock();
    });
  }

  private fireEarliest(): void {
    let earliest: [number, { due: number; fn: () => void }] | undefined;
    for (const entry of this.live) if (!earliest || entry[1].due < earliest[1].due) earliest = entry;
    if (!earliest) return;
    this.live.delete(earliest[0]);
    this.clock.nowMs = Math.max(this.clock.nowMs, earliest[1].due);
    earliest[1].fn();
  }
}

export interface WorldOptions {
  epochMs: number;
  utcOffsetMinutes: number;
  maxSteps: number;
}

export function scheduledWorld(s: fc.Scheduler, options: WorldOptions): ScheduledWorld {
  const volume = new Volume();
  const steps = new StepCounter(options.maxSteps);
  const plainFs = volumeFileSystem(volume);
  const clock = new PeerClock(options.epochMs, options.utcOffsetMinutes);
  const timers = new ScheduledTimers(s, steps, clock);
  const preemption: Preemption = { point: (label) => s.schedule(Promise.resolve(), label, undefined, steps.act) };
  return {
    env: { fs: scheduledFileSystem(s, steps, plainFs), clock, timers, ids: new CountingIds(), preemption },
    volume,
    plainFs,
    steps,
    timers,
  };
}
