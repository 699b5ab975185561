// BUG: barriers never wait for room in the queue -- "a shutdown must not block behind a
// full queue" -- so a shutdown called while appends wait for room goes in ahead of them.
// The worker stops at the shutdown; the waiting appends are then admitted into a queue
// nobody drains, and answer `queued`. Their items are lost after a clean shutdown.
// Where: the queue's send(), a fast lane for control commands.
// To find it: a queue full with appends waiting (a burst of more than 256 behind a busy
// worker), and a shutdown called while they wait.
// Built on: the catalogue's append log (log/append-log.ts); fixed twin: that log.
import { AppendLog, appendLogWriter, type Command } from './log/append-log';
import { CommandQueue } from './log/command-queue';

class FastLaneQueue extends CommandQueue<Command> {
  override send(command: Command): Promise<void> {
    if (command.kind !== 'add' && this.length >= this.capacity) {
      this.items.push(command);
      return Promise.resolve();
    }
    return super.send(command);
  }
}

class FastLaneLog extends AppendLog {
  protected override makeQueue(): CommandQueue<Command> {
    return new FastLaneQueue();
  }
}

export const writer = appendLogWriter({ name: 'shutdown-jumps-full-queue', log: FastLaneLog });
