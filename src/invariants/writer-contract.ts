// Not one of the SPEC's three: the contract a writer must keep for the others to mean
// anything. Its open(), clone() and readBack() and its timer callbacks must not throw,
// every call must answer a CallOutcome, it must not flood the microtask queue, and it
// must not touch the real disk. A breach here is the writer's failure, never the harness's.
import { describeEnd } from '../sim/simulation';
import type { Invariant } from './invariant';

export const writerContract: Invariant = {
  name: 'writer-contract',
  statement: 'The writer keeps the contract while it runs: open, clone, readBack and timers do not throw, every call answers a CallOutcome, no real disk.',
  check(run) {
    if (run.end.kind !== 'writer-error' && run.end.kind !== 'contract-error') return [];
    return [{ invariant: 'writer-contract', message: describeEnd(run.end) }];
  },
};
