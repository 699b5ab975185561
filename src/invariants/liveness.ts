// Not one of the SPEC's three, but a failure all the same: a run must end, completed or
// crashed. A run in which every actor is blocked, or that exhausts a budget, fails here.
import { describeEnd } from '../sim/simulation';
import type { Invariant } from './invariant';

export const liveness: Invariant = {
  name: 'liveness',
  statement: 'Every run ends: no actor blocked forever, no runaway loop.',
  check(run) {
    // A writer that broke the contract fails writer-contract, not this.
    if (['completed', 'crashed', 'writer-error', 'contract-error'].includes(run.end.kind)) return [];
    return [{ invariant: 'liveness', message: describeEnd(run.end) }];
  },
};
