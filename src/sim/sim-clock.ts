// The run's clock: a @sinonjs/fake-timers clock created for the run (no globals are
// patched) and moved only by the scheduler. It serves the writer's `Clock`, the timers
// that model I/O latency, and the writer's own timers.
//
// A writer timer does not fire when time passes it (every step moves time by 1 ms): it
// falls due then, and its callback runs only when the scheduler picks the `clock` event,
// so when scheduled work runs relative to calls and file operations is the scheduler's
// choice, as every other interleaving is.
import { createClock } from '@sinonjs/fake-timers';
import type { Clock, TimerHandle } from '../env/env';

type FakeClock = ReturnType<typeof createClock>;

interface WriterTimer {
  readonly timerId: number;
  readonly fn: () => void;
  /** The fake-timers timer while it is not yet due; undefined once due. */
  inner: ReturnType<FakeClock['setTimeout']> | undefined;
}

export class SimClock implements Clock {
  private readonly clock: FakeClock;
  private readonly writerTimers = new Map<number, WriterTimer>();
  /** Writer timers whose time has come, oldest due first, waiting for a `clock` pick. */
  private readonly due: WriterTimer[] = [];
  private nextTimerId = 1;
  /** Told the time whenever it moves: a global Date faked for a run follows the run's clock. */
  private readonly followers: Array<(now: number) => void> = [];

  constructor(
    startEpochMs: number,
    private readonly offsetMinutes: number,
  ) {
    this.clock = createClock(startEpochMs);
  }

  now(): number {
    return this.clock.now;
  }

  utcOffsetMinutes(): number {
    return this.offsetMinutes;
  }

  /** Calls `fire` once the clock has moved `ms` further on (the simulator's own timers: latency). */
  after(ms: number, fire: () => void): void {
    this.clock.setTimeout(fire, ms);
  }

  /** A writer timer: `fn` runs at a `clock` pick at or after `ms` from now. */
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: WriterTimer = { timerId: this.nextTimerId++, fn, inner: undefined };
    timer.inner = this.clock.setTimeout(() => {
      timer.inner = undefined;
      this.due.push(timer);
    }, ms);
    this.writerTimers.set(timer.timerId, timer);
    return { timerId: timer.timerId };
  }

  /** Whether the timer was still pending (and is now cleared). */
  clearTimeout(handle: TimerHandle): boolean {
    const timer = this.writerTimers.get(handle.timerId);
    if (!timer) return false;
    this.writerTimers.delete(timer.timerId);
    if (timer.inner !== undefined) this.clock.clearTimeout(timer.inner);
    else this.due.splice(this.due.indexOf(timer), 1);
    return true;
  }

  /** Timers of either kind not yet fired: while there are any, the `clock` event is enabled. */
  get pendingTimers(): number {
    return this.clock.countTimers() + this.due.length;
  }

  /** The `clock` event: runs the oldest due writer timer; if none is due, jumps to the next timer and fires it. */
  advanceToNextTimer(): void {
    if (this.due.length === 0) {
      this.clock.next();
      this.moved();
    }
    const timer = this.due.shift();
    if (!timer) return;
    this.writerTimers.delete(timer.timerId);
    timer.fn();
  }

  tick(ms: number): void {
    this.clock.tick(ms);
    this.moved();
  }

  /** Calls `listener` with the new time each time the clock moves, until the returned function is called. */
  follow(listener: (now: number) => void): () => void {
    this.followers.push(listener);
    return () => void this.followers.splice(this.followers.indexOf(listener), 1);
  }

  private moved(): void {
    for (const listener of this.followers) listener(this.clock.now);
  }
}
