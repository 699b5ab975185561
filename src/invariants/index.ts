// The invariants a writer must keep, in the order they are reported.
import type { RunResult } from '../sim/simulation';
import { determinism } from './determinism';
import type { Invariant, Violation } from './invariant';
import { liveness } from './liveness';
import { noAcknowledgedItemLost } from './no-acknowledged-item-lost';
import { noPostShutdownThrow } from './no-post-shutdown-throw';
import { replayEqualsHistory } from './replay-equals-history';
import { writerContract } from './writer-contract';

export * from './invariant';
export { determinism, liveness, noAcknowledgedItemLost, noPostShutdownThrow, replayEqualsHistory, writerContract };

export const ALL_INVARIANTS: readonly Invariant[] = [noAcknowledgedItemLost, noPostShutdownThrow, replayEqualsHistory, liveness, writerContract];

export function checkAll(run: RunResult, invariants: readonly Invariant[] = ALL_INVARIANTS): Violation[] {
  // The other invariants read the run through the contract (answers, the reader's account):
  // once the writer has broken it, their verdicts would only repeat the breach in other words.
  const breach = invariants.includes(writerContract) ? writerContract.check(run) : [];
  if (breach.length > 0) return breach;
  return invariants.flatMap((i) => i.check(run));
}
