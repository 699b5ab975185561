// Reading a rollout back. Blank lines are skipped; a torn or unparsable line is skipped
// and reported with its line number, never silently (a last line without a newline is
// torn, however it parses); a missing file, a directory, an empty file and a file
// without a metadata line are errors that name the path.
import type { FileSystem } from '../env/env';
import { EmptyRolloutFileError, MissingSessionMetaError, RolloutFileNotFoundError, RolloutPathIsDirectoryError } from './errors';
import { LINE_TYPES, type ItemType, type LineType } from './rollout-item';

export interface HistoryItem {
  /** 1-based line number in the file. */
  line: number;
  timestamp: string;
  type: ItemType;
  payload: unknown;
}

export interface SkippedLine {
  line: number;
  /** `torn`: not valid JSON (a write cut short); `invalid`: JSON, but not a rollout line. */
  kind: 'torn' | 'invalid';
  reason: string;
  /** The start of the line, for the report. */
  excerpt: string;
}

export interface History {
  path: string;
  meta: { line: number; timestamp: string; payload: unknown };
  items: HistoryItem[];
  skipped: SkippedLine[];
  /** Later session_meta lines: the first is authoritative, these are not items. */
  extraMetaLines: number[];
  /** Whether the last byte of the file is a newline (false after a torn final write). */
  endsWithNewline: boolean;
}

const EXCERPT_LENGTH = 80;

type ParsedLine = { ok: true; timestamp: string; type: LineType; payload: unknown } | { ok: false; kind: SkippedLine['kind']; reason: string };

export function parseRolloutLine(text: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, kind: 'torn', reason: err instanceof Error ? err.message : String(err) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, kind: 'invalid', reason: 'not a JSON object' };
  }
  const record = value as Record<string, unknown>;
  if (typeof record.timestamp !== 'string') return { ok: false, kind: 'invalid', reason: 'no string "timestamp"' };
  if (!(LINE_TYPES as readonly unknown[]).includes(record.type)) {
    return { ok: false, kind: 'invalid', reason: `"type" ${JSON.stringify(record.type)} is not one of ${LINE_TYPES.join(', ')}` };
  }
  if (!('payload' in record)) return { ok: false, kind: 'invalid', reason: 'no "payload"' };
  return { ok: true, timestamp: record.timestamp, type: record.type as LineType, payload: record.payload };
}

/** Parses rollout text; `path` only names the file in errors. */
export function parseHistory(path: string, text: string): History {
  if (text.length === 0) throw new EmptyRolloutFileError(path);
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  if (endsWithNewline) lines.pop();
  let meta: History['meta'] | undefined;
  const items: HistoryItem[] = [];
  const skipped: SkippedLine[] = [];
  const extraMetaLines: number[] = [];
  let nonBlank = 0;
  lines.forEach((raw, index) => {
    const line = index + 1;
    // An unterminated last line is torn even if it parses, or is blank: its write may have been cut short.
    const unterminated = line === lines.length && !endsWithNewline;
    if (raw.trim() === '' && !unterminated) return;
    nonBlank++;
    const parsed: ParsedLine = unterminated ? { ok: false, kind: 'torn', reason: 'no newline at the end of the file' } : parseRolloutLine(raw);
    if (!parsed.ok) {
      skipped.push({ line, kind: parsed.kind, reason: parsed.reason, excerpt: raw.slice(0, EXCERPT_LENGTH) });
    } else if (parsed.type === 'session_meta') {
      if (meta) extraMetaLines.push(line);
      else meta = { line, timestamp: parsed.timestamp, payload: parsed.payload };
    } else {
      items.push({ line, timestamp: parsed.timestamp, type: parsed.type, payload: parsed.payload });
    }
  });
  if (nonBlank === 0) throw new EmptyRolloutFileError(path);
  if (!meta) throw new MissingSessionMetaError(path, lines.length);
  return { path, meta, items, skipped, extraMetaLines, endsWithNewline };
}

export async function loadHistory(fs: FileSystem, path: string): Promise<History> {
  const text = await fs.readFile(path).catch((err: unknown) => {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') throw new RolloutFileNotFoundError(path);
    // Read from the error, not a stat first: one operation, as the simulator schedules it.
    if (code === 'EISDIR') throw new RolloutPathIsDirectoryError(path);
    throw err;
  });
  return parseHistory(path, text);
}
