// The line format of the catalogue's own writers and its reader: a metadata line, then one
// JSON object per item, each ended by a newline. The reader is the correct one -- a last
// line without a newline is torn and reported, an unparsable line is reported, the first
// metadata line must be the file's first line and its only one -- so that a bug in a
// writer shows as that writer's bug, not as the reader's.
import type { FileSystem } from '../../../src/env/env';
import type { ReadBack, SimItem } from '../../../src/sim/writer-contract';

/** The metadata line a log opens with. */
export function metaLine(startedMs: number): string {
  return `${JSON.stringify({ type: 'meta', started: startedMs })}\n`;
}

/** The lines of the durable items, or undefined when the policy keeps none (all transient). */
export function itemLines(items: readonly SimItem[]): Buffer | undefined {
  const lines = items.filter((i) => i.durable).map((i) => `${JSON.stringify({ type: 'item', id: i.id })}\n`);
  return lines.length ? Buffer.from(lines.join('')) : undefined;
}

type Record = { type?: unknown; id?: unknown };

/** What the file's text says, by the rules at the top of this file. */
export function parseLog(path: string, text: string): ReadBack {
  const endsWithNewline = text.endsWith('\n');
  const lines = text.split('\n');
  if (endsWithNewline) lines.pop();
  const itemIds: string[] = [];
  const reportedLines: number[] = [];
  const metaLines: number[] = [];
  lines.forEach((line, i) => {
    if (line === '') return;
    if (i === lines.length - 1 && !endsWithNewline) return void reportedLines.push(i + 1);
    let record: Record | undefined;
    try {
      record = JSON.parse(line) as Record;
    } catch {
      record = undefined;
    }
    if (record?.type === 'meta') metaLines.push(i + 1);
    else if (record?.type === 'item' && typeof record.id === 'string') itemIds.push(record.id);
    else reportedLines.push(i + 1);
  });
  if (metaLines.length === 0) return { present: false, reason: `${path} has no complete metadata line` };
  return { present: true, itemIds, metaFirst: metaLines[0] === 1 && metaLines.length === 1, reportedLines, endsWithNewline };
}

export async function readLog(fs: FileSystem, path: string): Promise<ReadBack> {
  const text = await fs.readFile(path).catch(() => undefined);
  if (text === undefined) return { present: false, reason: `${path} does not exist` };
  return parseLog(path, text);
}

export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
