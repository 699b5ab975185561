// BUG: clone() spreads the lifecycle into a fresh object (`{ ...this.life }`), so each
// handle carries its own copy of the closed flag. Once one handle shuts the log down,
// the others still think it is open: their appends answer `queued` into a queue the
// stopped worker never drains again, so the items are lost without an error, and their
// flushes and shutdowns wait forever (how the shrunk counterexamples show it).
// Where: the handle's clone(), written to give each handle its own options object.
// To find it: a shutdown on one handle, then an append on another (two actors).
// Built on: the catalogue's append log (log/append-log.ts); fixed twin: that log.
import { appendLogWriter, AppendLogHandle } from './log/append-log';
import type { LogHandle } from '../../src/sim/writer-contract';

class CopyingHandle extends AppendLogHandle {
  override clone(): LogHandle {
    return this.sharing({ ...this.life });
  }
}

export const writer = appendLogWriter({ name: 'clone-copies-lifecycle', handle: CopyingHandle });
