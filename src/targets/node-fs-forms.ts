// The three forms node:fs offers each call in, made from one Operation:
//
// - callback: the call is a pending event of the run; its callback runs once the
//   scheduler completes it, always later (a microtask), never inside the call, with
//   node:fs's arguments (err, value...). A callback that throws is an uncaught exception,
//   as it is in Node, not a rejected promise nobody sees.
// - *Sync: done at once (SimFileSystem.performSync); errors thrown.
// - promise: a pending event whose promise settles when it completes.
//
// Every form first asks for the run it serves (boundRun), so a call outside a run throws
// at once, whatever the form.
import { boundRun } from './node-fs-binding';
import { splitCallback } from './node-fs-args';
import { resultOf, type Operation } from './node-fs-operations';

type NodeFsFunction = (...args: unknown[]) => unknown;

function named<F extends NodeFsFunction>(name: string, fn: F): F {
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}

export function callbackForm(name: string, op: Operation): NodeFsFunction {
  return named(name, (...args: unknown[]) => {
    const sim = boundRun(name);
    const { rest, cb } = splitCallback(args);
    sim.perform(op.plan(sim.node, rest)).then(
      (value) => {
        const after = op.callbackArgs ? op.callbackArgs(value, rest) : [resultOf(op, value, rest)];
        queueMicrotask(() => cb(null, ...(after.length === 1 && after[0] === undefined ? [] : after)));
      },
      (err: unknown) => queueMicrotask(() => cb(err)),
    );
  });
}

export function syncForm(name: string, op: Operation): NodeFsFunction {
  return named(`${name}Sync`, (...args: unknown[]) => {
    const sim = boundRun(`${name}Sync`);
    const plan = op.plan(sim.node, args);
    try {
      return resultOf(op, sim.performSync(plan), args);
    } catch (err) {
      if (op.missingIsUndefined?.(args) && (err as { code?: unknown }).code === 'ENOENT') return undefined;
      throw err;
    }
  });
}

export function promiseForm(name: string, op: Operation): NodeFsFunction {
  return named(name, (...args: unknown[]) => {
    const sim = boundRun(`promises.${name}`);
    let plan;
    try {
      plan = op.plan(sim.node, args);
    } catch (err) {
      return Promise.reject(err);
    }
    return sim.perform(plan).then((value) => resultOf(op, value, args));
  });
}
