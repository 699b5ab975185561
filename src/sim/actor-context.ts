// Which actor caused a file operation or reached a preemption point. AsyncLocalStorage
// follows an actor's call through its awaits, and the writer's background task keeps the
// context it was started in, so the trace can say who did what and PCT can give each
// source its own priority.
import { AsyncLocalStorage } from 'node:async_hooks';

const context = new AsyncLocalStorage<string>();

export function runAs<T>(source: string, body: () => T): T {
  return context.run(source, body);
}

export function currentSource(): string {
  return context.getStore() ?? 'harness';
}
