// BUG: when the worker falls behind and the queue holds 256 commands, a new batch is
// dropped -- "a logger must never block its caller" -- and its append still answers
// `queued`. Barriers still wait for room. The caller has no way to know the items are gone.
// Where: the queue's send(), load shedding where backpressure was specified.
// To find it: more than 256 commands queued while the worker is busy (a burst of appends
// behind a persist that is creating the file), then a clean shutdown.
// Built on: the catalogue's append log (log/append-log.ts); fixed twin: that log.
import { AppendLog, appendLogWriter, type Command } from './log/append-log';
import { CommandQueue } from './log/command-queue';

class SheddingQueue extends CommandQueue<Command> {
  override send(command: Command): Promise<void> {
    if (command.kind === 'add' && this.length >= this.capacity) return Promise.resolve();
    return super.send(command);
  }
}

class SheddingLog extends AppendLog {
  protected override makeQueue(): CommandQueue<Command> {
    return new SheddingQueue();
  }
}

export const writer = appendLogWriter({ name: 'full-queue-drops-newest', log: SheddingLog });
