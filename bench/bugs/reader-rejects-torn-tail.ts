// BUG: the reader parses every line and, when one does not parse, declares the whole file
// corrupt -- "a log we cannot parse is a log we cannot trust". The writer is correct; but
// after a crash the file may end in a torn line (the part of the unsynced tail that
// reached the disk), and then every item the writer made durable is unreadable.
// Where: the reader (the history loader that a resume or a replay goes through).
// To find it: a crash that leaves part of a line after durable items: a flush acknowledged,
// more written, then power lost mid-way. Needs a crash; the ack snapshots cannot see it
// (a durable image never ends mid-line with this writer).
// Built on: the catalogue's append log (log/append-log.ts); fixed twin: that log and its reader.
import type { FileSystem } from '../../src/env/env';
import type { ReadBack } from '../../src/sim/writer-contract';
import { appendLogWriter } from './log/append-log';
import { describeError, parseLog } from './log/jsonl-log';

async function readAllOrNothing(fs: FileSystem, path: string): Promise<ReadBack> {
  const text = await fs.readFile(path).catch(() => undefined);
  if (text === undefined) return { present: false, reason: `${path} does not exist` };
  try {
    for (const line of text.split('\n')) if (line !== '') JSON.parse(line);
  } catch (err) {
    return { present: false, reason: `${path} is corrupt: ${describeError(err)}` };
  }
  return parseLog(path, text);
}

export const writer = appendLogWriter({ name: 'reader-rejects-torn-tail', readBack: readAllOrNothing });
