// What the harness itself reads off the writer's file at the end of a run, so that the
// writer's own reader (`readBack`) can be checked against the bytes rather than trusted:
// whether the file ends in a newline, its unterminated last line if not -- a torn tail the
// reader must report and must not return as an item -- and, after a crash, the lines that
// hold NULs where a failed fsync's dropped pages should have been.
import type { ByteRange } from './page-cache';

export interface FileFacts {
  /** The bytes themselves, as the harness read them (the report lists them line by line). */
  bytes: Buffer;
  /**
   * What the disk holds (the page cache's durable image), when the run kept one. Not always
   * a prefix of `bytes`: a later fsync writes the pages a failed one dropped as NULs.
   */
  durable?: Buffer;
  size: number;
  endsWithNewline: boolean;
  /** The last line when the file does not end in a newline: 1-based number (as the reader counts) and text. */
  tornTail?: { line: number; text: string };
  /** Everything before the torn tail: the complete lines. */
  completeText: string;
  /** Lines (1-based) that overlap a hole a crash left after dropped pages: unreadable through no fault of the writer. */
  holeLines: number[];
}

const NEWLINE = 0x0a;

export function fileFacts(bytes: Buffer, holes: readonly ByteRange[] = []): FileFacts {
  const text = bytes.toString('utf8');
  const holeLines = [...new Set(holes.flatMap((h) => range(lineAt(bytes, h.start), lineAt(bytes, Math.max(h.start, h.end - 1)))))];
  const lastNewline = bytes.lastIndexOf(NEWLINE);
  const endsWithNewline = bytes.length > 0 && lastNewline === bytes.length - 1;
  if (endsWithNewline || bytes.length === 0) return { bytes, size: bytes.length, endsWithNewline, completeText: text, holeLines };
  return {
    bytes,
    size: bytes.length,
    endsWithNewline,
    tornTail: { line: lineAt(bytes, bytes.length - 1), text: bytes.subarray(lastNewline + 1).toString('utf8') },
    completeText: bytes.subarray(0, lastNewline + 1).toString('utf8'),
    holeLines,
  };
}

/** The 1-based line holding byte `offset`. */
function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(NEWLINE); i >= 0 && i < offset; i = bytes.indexOf(NEWLINE, i + 1)) line++;
  return line;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * Whether `id` occurs in `text` as a whole id -- not as part of a longer one (`h1.1` in
 * `h1.10`). Item ids are `<actor>.<n>` or `<actor>.~<n>`; whatever the format, a line that
 * holds an item holds its id.
 */
export function holdsId(text: string, id: string): boolean {
  const idChar = /[\w.~-]/;
  for (let at = text.indexOf(id); at >= 0; at = text.indexOf(id, at + 1)) {
    const before = at === 0 ? '' : text[at - 1];
    const after = text[at + id.length] ?? '';
    if (!idChar.test(before) && !idChar.test(after)) return true;
  }
  return false;
}
