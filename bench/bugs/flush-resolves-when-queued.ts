// BUG: flush() resolves once its command is in the worker's queue, not once the worker
// has processed it: `await queue.send(cmd)` where it meant to await the command's result.
// Every flush then answers `ok` before anything it covers is written, let alone fsynced.
// Where: the handle's flush(), "send and go", copied from append().
// To find it: an append, then a flush that is acknowledged (the harness judges the
// acknowledgement against the durable bytes at that moment).
// Built on: the catalogue's append log (log/append-log.ts); fixed twin: that log.
import { appendLogWriter, AppendLogHandle, CLOSED, OK } from './log/append-log';
import type { CallOutcome } from '../../src/sim/writer-contract';

class SendAndGoHandle extends AppendLogHandle {
  override async flush(): Promise<CallOutcome> {
    if (this.life.state !== 'open') return CLOSED;
    await this.log.queue.send({ kind: 'flush', done: () => undefined });
    return OK;
  }
}

export const writer = appendLogWriter({ name: 'flush-resolves-when-queued', handle: SendAndGoHandle });
