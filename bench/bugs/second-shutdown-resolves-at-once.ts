// BUG: a shutdown that finds the log already draining answers `ok` at once -- "someone
// else is shutting it down" -- instead of waiting for that shutdown's outcome. Its `ok`
// is a durability point: a caller that exits on it loses what the first shutdown has
// not yet written and fsynced (and is told ok even when that shutdown fails).
// Where: the handle's shutdown(), the usual `if (closing) return` guard.
// To find it: two shutdown callers, the second starting while the first is still
// draining items that were queued before it.
// Built on: the catalogue's append log (log/append-log.ts); fixed twin: that log.
import { appendLogWriter, AppendLogHandle, OK } from './log/append-log';
import type { CallOutcome } from '../../src/sim/writer-contract';

class EarlyReturnHandle extends AppendLogHandle {
  override shutdown(): Promise<CallOutcome> {
    if (this.life.state !== 'open') return Promise.resolve(OK);
    this.life.stopping = this.stop();
    return this.life.stopping;
  }
}

export const writer = appendLogWriter({ name: 'second-shutdown-resolves-at-once', handle: EarlyReturnHandle });
