// The writer's `Timers` in a simulated run: timers on the run's SimClock, each set, fire
// and clear written to the trace. A callback runs as the source `timer`, not as the actor
// that set it: its work is not part of that actor's call (a flush timer armed by h1's
// first append goes on flushing after h1 is done), so the trace should not say h1 did
// it, and PCT should give scheduled work a priority of its own rather than h1's -- that
// way schedules where the timer's work runs ahead of every actor, or behind all of them,
// are both explored. The writer cannot observe the difference: the actor context is the
// harness's, never visible through the Env.
import type { TimerHandle, Timers } from '../env/env';
import { currentSource, runAs } from './actor-context';
import type { SimClock } from './sim-clock';

/** The source a timer callback runs as. */
export const TIMER_SOURCE = 'timer';

export type TimerAction = 'set' | 'fire' | 'clear';

/** One timer event for the trace: who set (or cleared) it, and for a set, its delay. */
export interface TimerLogEntry {
  action: TimerAction;
  timer: number;
  source: string;
  ms?: number;
}

export class TimerCallbackError extends Error {
  override name = 'TimerCallbackError';
  constructor(timer: number, setBy: string, cause: unknown) {
    super(`the writer's timer ${timer} (set by ${setBy}) threw: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export function simTimers(clock: SimClock, log: (entry: TimerLogEntry) => void): Timers {
  const timers: Timers = {
    setTimeout(fn: () => void, ms: number): TimerHandle {
      const setBy = currentSource();
      const handle: TimerHandle = clock.setTimeout(() => {
        log({ action: 'fire', timer: handle.timerId, source: setBy });
        try {
          runAs(TIMER_SOURCE, fn);
        } catch (err) {
          // Node would crash the process; the simulator ends the run naming the timer.
          throw new TimerCallbackError(handle.timerId, setBy, err);
        }
      }, ms);
      log({ action: 'set', timer: handle.timerId, source: setBy, ms });
      return handle;
    },
    clearTimeout(handle: TimerHandle): void {
      if (clock.clearTimeout(handle)) log({ action: 'clear', timer: handle.timerId, source: currentSource() });
    },
    sleep: (ms) => new Promise<void>((resolve) => timers.setTimeout(resolve, ms)),
  };
  return timers;
}
