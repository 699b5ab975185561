// Invariant 1: no acknowledged item is lost. After a clean shutdown, every item whose
// append resolved `queued`, and every item handed to the session before its shutdown was
// called, is in the file. After a crash (or any run), every item covered by a successful
// flush is in the file.
import type { RunResult } from '../sim/simulation';
import { durableIds, firstShutdown, isFlush, isItemCall, listIds, shutDownCleanly, type Invariant, type Violation } from './invariant';

function missing(run: RunResult, required: Map<string, string>): Violation[] {
  const present = new Set(run.readBack.present ? run.readBack.itemIds : []);
  const lost = [...required.entries()].filter(([id]) => !present.has(id));
  if (lost.length === 0) return [];
  const reasons = [...new Set(lost.map(([, why]) => why))];
  const file = run.readBack.present ? '' : ` (no readable file: ${run.readBack.reason})`;
  return [
    {
      invariant: 'no-acknowledged-item-lost',
      message: `${lost.length} acknowledged item(s) missing from the file${file}: ${listIds(lost.map(([id]) => id))} -- ${reasons.join('; ')}`,
    },
  ];
}

export const noAcknowledgedItemLost: Invariant = {
  name: 'no-acknowledged-item-lost',
  statement: 'No acknowledged item is lost.',
  check(run) {
    const required = new Map<string, string>();
    if (shutDownCleanly(run)) {
      const shutdown = firstShutdown(run);
      for (const call of run.calls.filter(isItemCall)) {
        if (call.op === 'append' && call.outcome?.status === 'queued') {
          for (const id of durableIds(call)) required.set(id, `${call.actor} was told its append was queued`);
        }
        // A session persist handed in before the session's shutdown was called must survive
        // it -- unless a handle shut the recorder down under the session's feet meanwhile.
        const bypassed = run.calls.some((c) => c.op === 'shutdown' && c.startStep < (call.settledStep ?? Infinity));
        if (call.op === 'session-persist' && shutdown?.op === 'session-shutdown' && call.startStep < shutdown.startStep && !bypassed) {
          for (const id of durableIds(call)) required.set(id, `${call.actor} handed it to the session before shutdown was called`);
        }
      }
    }
    const okFlushes = run.calls.filter((c) => isFlush(c) && c.outcome?.status === 'ok');
    for (const call of run.calls.filter((c) => isItemCall(c) && c.outcome?.status === 'queued')) {
      const flush = okFlushes.find((f) => call.settledStep! <= f.startStep);
      if (flush) {
        for (const id of durableIds(call)) required.set(id, `${flush.actor}'s ${flush.op} at step ${flush.startStep} reported it durable`);
      }
    }
    return missing(run, required);
  },
};
