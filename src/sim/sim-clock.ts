// The run's clock: a @sinonjs/fake-timers clock created for the run (no globals are
// patched) and moved only by the scheduler. It serves the writer's `Clock` and the
// timers that model I/O latency.
import { createClock } from '@sinonjs/fake-timers';
import type { Clock } from '../env/env';

export class SimClock implements Clock {
  private readonly clock: ReturnType<typeof createClock>;

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

  /** Calls `fire` once the clock has moved `ms` further on. */
  after(ms: number, fire: () => void): void {
    this.clock.setTimeout(fire, ms);
  }

  get pendingTimers(): number {
    return this.clock.countTimers();
  }

  /** Jumps to the next timer and fires it. */
  advanceToNextTimer(): void {
    this.clock.next();
  }

  tick(ms: number): void {
    this.clock.tick(ms);
  }
}
