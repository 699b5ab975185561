// Which run the simulated node:fs serves. A target package is loaded once per process
// (fs-redirect.ts) and keeps the facade it was given for good; what the facade reaches is
// swapped per run: the simulator binds the run's SimFileSystem for the run's duration. A
// call with no run bound throws -- it never falls through to the real disk -- and so does
// a call of anything node:fs has that is not simulated.
import type { SimFileSystem } from '../sim/sim-fs';

export class NodeFsOutsideRunError extends Error {
  override name = 'NodeFsOutsideRunError';
  constructor(readonly call: string) {
    super(`a target used node:fs.${call} outside a simulated run: a target's file-system calls go to the run bound with bindNodeFs, and none is bound`);
  }
}

export class NodeFsNotSimulatedError extends Error {
  override name = 'NodeFsNotSimulatedError';
  constructor(readonly call: string) {
    super(`node:fs.${call} is not simulated: a target run by rollout-sim may use only the node:fs calls it simulates (see src/targets/sim-node-fs.ts)`);
  }
}

export class NodeFsAlreadyBoundError extends Error {
  override name = 'NodeFsAlreadyBoundError';
  constructor() {
    super('node:fs is already bound to a simulated run: one run at a time can serve the targets');
  }
}

let current: SimFileSystem | undefined;

/** Serves node:fs's calls from `sim` until the returned function is called. */
export function bindNodeFs(sim: SimFileSystem): () => void {
  if (current) throw new NodeFsAlreadyBoundError();
  current = sim;
  let bound = true;
  return () => {
    if (!bound) return;
    bound = false;
    if (current === sim) current = undefined;
  };
}

/** The run `call` (a node:fs function's name) is made in; throws if none is bound. */
export function boundRun(call: string): SimFileSystem {
  if (!current) throw new NodeFsOutsideRunError(call);
  return current;
}

/** A stand-in for a node:fs function that is not simulated: it throws when called (or constructed), naming it. */
export function notSimulated(call: string): (...args: unknown[]) => never {
  const stub = function (): never {
    throw new NodeFsNotSimulatedError(call);
  };
  Object.defineProperty(stub, 'name', { value: call.slice(call.lastIndexOf('.') + 1) });
  return stub;
}
