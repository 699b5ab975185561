// BUG: a failed fsync is reported by the barrier that met it -- and then forgotten, so
// that one failure is not reported forever. The next flush fsyncs again, succeeds, and
// answers `ok`. On Linux the failed fsync may have dropped the dirty pages and marked them
// clean; the second fsync has nothing to write, and the items it vouches for are not on
// disk (PostgreSQL's "fsyncgate").
// Where: the log's failure(), clearing the sticky error once it has been reported.
// To find it: an fsync failure that drops the pages, then a later flush or shutdown that
// covers the same bytes and succeeds.
// Built on: the catalogue's append log (log/append-log.ts); fixed twin: that log.
import { AppendLog, appendLogWriter, type Barrier } from './log/append-log';
import type { CallOutcome } from '../../src/sim/writer-contract';

class ForgetfulLog extends AppendLog {
  protected override failure(kind: Barrier, errors: readonly string[]): CallOutcome {
    const outcome = super.failure(kind, errors);
    this.syncError = undefined;
    return outcome;
  }
}

export const writer = appendLogWriter({ name: 'fsync-error-forgotten', log: ForgetfulLog });
