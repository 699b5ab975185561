// Invariant 2: no call made after shutdown began throws. It resolves: queued (and
// written), or closed.
import { firstShutdown, type Invariant } from './invariant';

export const noPostShutdownThrow: Invariant = {
  name: 'no-post-shutdown-throw',
  statement: 'No post-shutdown call throws.',
  check(run) {
    const shutdown = firstShutdown(run);
    if (!shutdown) return [];
    return run.calls
      .filter((c) => c !== shutdown && c.startStep >= shutdown.startStep && c.outcome?.status === 'threw')
      .map((c) => ({
        invariant: 'no-post-shutdown-throw' as const,
        message: `${c.actor}'s ${c.op} at step ${c.startStep}, after ${shutdown.actor}'s ${shutdown.op} began at step ${shutdown.startStep}, threw: ${
          c.outcome?.status === 'threw' ? c.outcome.message : ''
        }`,
        at: { step: c.settledStep ?? c.startStep, actor: c.actor },
      }));
  },
};
