// Time for a package that uses the global timers and Date itself. For one run,
// @sinonjs/fake-timers replaces setTimeout, setInterval, setImmediate, their clears and
// Date -- on globalThis and in node:timers -- and nothing else: process.nextTick and
// queueMicrotask stay real, because Node streams need them. Date then reads the run's
// clock (it follows every step). The timer functions are routed to the run's writer
// timers (RunWorld.timers): a callback runs only when the scheduler picks the `clock`
// event, at or after its due time, exactly as for a writer that uses env.timers -- so a
// package's retry timer or flush interval is a scheduling choice like any other, and a
// pending one keeps the run going. setImmediate is a timer of 0 ms.
//
// Only the system under test (code running as an actor, the writer or a timer) gets the
// simulated timers: anything else that calls a timer while a run is in progress -- the
// harness, jest compiling a module on first use -- gets the real one, or its timer would
// land in the run's trace and the same scenario would give another run.
//
// The objects handed back behave as Node's Timeout and Immediate do for the calls
// packages make on them (ref, unref, hasRef, refresh, close, a numeric primitive value).
import FakeTimers from '@sinonjs/fake-timers';
import { runInThisContext } from 'node:vm';
import type { TimerHandle } from '../env/env';
import { currentSource } from '../sim/actor-context';
import type { RunWorld } from '../sim/writer-contract';

export const FAKED: FakeTimers.FakeMethod[] = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'Date'];

type Callback = (...args: unknown[]) => void;

const TIMER_FUNCTIONS = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'] as const;

/** A Node-like timer object over a writer timer; clearing it or re-arming it goes through the run's timers. */
class SimTimeout {
  private handle: TimerHandle | undefined;
  private referenced = true;
  constructor(
    private readonly world: RunWorld,
    private readonly fire: () => void,
    private readonly ms: number,
    private readonly repeat: boolean,
  ) {
    this.arm();
  }
  private arm(): void {
    this.handle = this.world.timers.setTimeout(() => {
      this.handle = undefined;
      if (this.repeat) this.arm();
      this.fire();
    }, this.ms);
  }
  clear(): void {
    if (this.handle) this.world.timers.clearTimeout(this.handle);
    this.handle = undefined;
  }
  refresh(): this {
    this.clear();
    this.arm();
    return this;
  }
  ref(): this {
    this.referenced = true;
    return this;
  }
  unref(): this {
    this.referenced = false;
    return this;
  }
  hasRef(): boolean {
    return this.referenced;
  }
  close(): this {
    this.clear();
    return this;
  }
  [Symbol.toPrimitive](): number {
    return this.handle?.timerId ?? 0;
  }
}

const isTimer = (value: unknown): value is SimTimeout => value instanceof SimTimeout;

/**
 * The globals a package sees. A package loaded through Node's own loader runs in Node's
 * main context; under jest, test code runs in a context of its own with other globals.
 * Both are faked, so a package behaves the same in jest as on the command line.
 */
function realms(): Array<typeof globalThis> {
  const main = runInThisContext('globalThis') as typeof globalThis;
  return main === globalThis ? [globalThis] : [globalThis, main];
}

/** Fakes the global timers and Date for one run; returns the function that puts the real ones back. */
export function installGlobalTime(world: RunWorld): () => void {
  // node:timers is Node's own, shared by every context: saved before anything touches it,
  // given the routed functions, and put back last.
  const timersModule = require('node:timers') as Record<string, unknown>;
  const saved = TIMER_FUNCTIONS.map((name) => [name, timersModule[name]] as const);
  const undo = realms().map((realm) => installIn(realm, world));
  for (const name of TIMER_FUNCTIONS) timersModule[name] = (globalThis as unknown as Record<string, unknown>)[name];
  return () => {
    undo.forEach((restore) => restore());
    for (const [name, fn] of saved) timersModule[name] = fn;
  };
}

function installIn(realm: typeof globalThis, world: RunWorld): () => void {
  // Code that is not the system under test -- the harness, jest compiling a module -- keeps real timers.
  const real = Object.fromEntries(TIMER_FUNCTIONS.map((name) => [name, (realm as unknown as Record<string, Callback>)[name]])) as Record<(typeof TIMER_FUNCTIONS)[number], Callback>;
  const clock = FakeTimers.withGlobal(realm).install({ now: world.clock.now(), toFake: FAKED });
  const unfollow = world.clock.follow((now) => clock.setSystemTime(now));
  const start = (repeat: boolean) => (fn: Callback, ms?: number, ...args: unknown[]) =>
    new SimTimeout(world, () => fn(...args), Math.max(0, Number(ms) || 0), repeat);
  const clear = (timer: unknown) => {
    if (isTimer(timer)) timer.clear();
  };
  const routed: Record<(typeof TIMER_FUNCTIONS)[number], unknown> = {
    setTimeout: start(false),
    setInterval: start(true),
    setImmediate: (fn: Callback, ...args: unknown[]) => new SimTimeout(world, () => fn(...args), 0, false),
    clearTimeout: clear,
    clearInterval: clear,
    clearImmediate: clear,
  };
  // Ours go over fake-timers' functions; its uninstall puts the real globals back.
  for (const name of TIMER_FUNCTIONS) {
    const simulated = routed[name] as Callback;
    (realm as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => (currentSource() === 'harness' ? real[name](...args) : simulated(...args));
  }
  return () => {
    unfollow();
    clock.uninstall();
  };
}
