// What the harness itself reads off the writer's file at the end of a run, so that the
// writer's own reader (`readBack`) can be checked against the bytes rather than trusted:
// whether the file ends in a newline, and if not, its unterminated last line -- a torn
// tail the reader must report, and must not return as an item.
export interface FileFacts {
  size: number;
  endsWithNewline: boolean;
  /** The last line when the file does not end in a newline: 1-based number (as the reader counts) and text. */
  tornTail?: { line: number; text: string };
  /** Everything before the torn tail: the complete lines. */
  completeText: string;
}

export function fileFacts(text: string): FileFacts {
  const lastNewline = text.lastIndexOf('\n');
  const endsWithNewline = text.length > 0 && lastNewline === text.length - 1;
  if (endsWithNewline || text.length === 0) return { size: text.length, endsWithNewline, completeText: text };
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return { size: text.length, endsWithNewline, tornTail: { line: lines, text: text.slice(lastNewline + 1) }, completeText: text.slice(0, lastNewline + 1) };
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
