// Which actor caused a file operation or reached a preemption point. AsyncLocalStorage
// follows an actor's call through its awaits, and the writer's background task keeps the
// context it was started in, so the trace can say who did what and PCT can give each
// source its own priority.
import { AsyncLocalStorage, createHook } from 'node:async_hooks';

const context = new AsyncLocalStorage<string>();

/**
 * Promises created by actors and the writer (code run under `runAs`), never by the
 * harness: work the system under test is still doing even when it touches nothing the
 * simulator sees -- a writer draining a full queue after its file broke, say. The hook
 * costs something on every promise in the process, so it is on only while a run is.
 */
let promisesBySources = 0;
/** `process.nextTick` callbacks queued by actors and the writer: only a macrotask turn runs them. */
let ticksBySources = 0;
let countingRuns = 0;
const promiseCounter = createHook({
  init(_id, type) {
    if (context.getStore() === undefined) return;
    if (type === 'PROMISE') promisesBySources++;
    else if (type === 'TickObject') ticksBySources++;
  },
});

export function promisesCreatedBySources(): number {
  return promisesBySources;
}

export function ticksQueuedBySources(): number {
  return ticksBySources;
}

/** Counts actors' promises until the returned function is called (runs may nest or overlap). */
export function countPromisesWhileRunning(): () => void {
  if (countingRuns++ === 0) promiseCounter.enable();
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    if (--countingRuns === 0) promiseCounter.disable();
  };
}

export function runAs<T>(source: string, body: () => T): T {
  return context.run(source, body);
}

export function currentSource(): string {
  return context.getStore() ?? 'harness';
}
