// The in-memory Env's timers: they fire only when a test moves the clock, in due order,
// each seeing the time it was due -- so a writer's scheduled work is unit-testable.
import { ManualClock, memoryEnv } from './memory-env';

const START = Date.UTC(2026, 0, 2);

describe('ManualClock timers', () => {
  test('advance fires the timers that fall due, in due order, each at its own time; later ones wait', () => {
    const clock = new ManualClock(START);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now() - START}`), 30);
    clock.setTimeout(() => fired.push(`a@${clock.now() - START}`), 10);
    clock.setTimeout(() => fired.push(`c@${clock.now() - START}`), 100);
    clock.advance(50);
    expect(fired).toEqual(['a@10', 'b@30']);
    expect(clock.now()).toBe(START + 50);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(50);
    expect(fired).toEqual(['a@10', 'b@30', 'c@100']);
    expect(clock.pendingTimers).toBe(0);
  });

  test('a timer set by a firing timer fires in the same advance if it falls due within it (a periodic flush)', () => {
    const clock = new ManualClock(START);
    const ticks: number[] = [];
    const every = () => {
      ticks.push(clock.now() - START);
      clock.setTimeout(every, 100);
    };
    clock.setTimeout(every, 100);
    clock.advance(350);
    expect(ticks).toEqual([100, 200, 300]);
  });

  test('clearTimeout cancels a pending timer; clearing it again, or after it fired, does nothing', () => {
    const clock = new ManualClock(START);
    const fired: string[] = [];
    const cleared = clock.setTimeout(() => fired.push('cleared'), 10);
    const kept = clock.setTimeout(() => fired.push('kept'), 10);
    clock.clearTimeout(cleared);
    clock.clearTimeout(cleared);
    clock.advance(20);
    clock.clearTimeout(kept);
    expect(fired).toEqual(['kept']);
    expect(clock.pendingTimers).toBe(0);
  });

  test("memoryEnv's sleep resolves once the clock has been advanced past it, not before", async () => {
    const env = memoryEnv();
    expect(env.timers).toBe(env.clock);
    let woke = false;
    const sleeping = env.timers.sleep(1_000).then(() => (woke = true));
    env.clock.advance(999);
    await Promise.resolve();
    expect(woke).toBe(false);
    env.clock.advance(1);
    await sleeping;
    expect(woke).toBe(true);
  });
});
