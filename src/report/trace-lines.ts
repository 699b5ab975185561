// The report reads a run as `trace --format jsonl` prints it: the format line, then one
// JSON line per entry -- the lines the trace hash covers. Reading them back (rather than
// taking the in-memory entries) is what makes the report a view of the hashed trace: it
// cannot show an entry the hash does not cover, and the same lines give the same page.
import { hashOfLines, TRACE_FORMAT, type TraceEntry } from '../sim/trace';

export class TraceLinesError extends Error {
  override name = 'TraceLinesError';
  constructor(where: string, reason: string) {
    super(`${where}: ${reason}`);
  }
}

export interface TraceLines {
  /** The entries' JSON lines, exactly as hashed. */
  readonly lines: readonly string[];
  readonly entries: readonly TraceEntry[];
  /** sha256 of the entry lines, each ending in a newline: the run's trace hash. */
  readonly hash: string;
}

/** Every kind an entry may have: a record, so that a kind added to TraceEntry must be added here too. */
const ENTRY_KINDS: Readonly<Record<TraceEntry['kind'], true>> = { choice: true, call: true, settled: true, fs: true, fault: true, park: true, timer: true, end: true, cut: true, file: true };

const HASH_LINE = /^trace-hash: ([0-9a-f]{64})$/;

/**
 * Parses a JSON-lines trace whose first line is the format line, as `trace --format
 * jsonl` prints it -- its last line, `trace-hash: <hex>`, included, which must be the
 * hash of the lines before it. `source` names the text in errors (a file path, say).
 * Refuses another format or a newer version, and names the line of an entry that is not
 * JSON or not an entry.
 */
export function parseTraceLines(text: string, source = 'trace'): TraceLines {
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  const stated = HASH_LINE.exec(all.at(-1) ?? '');
  if (stated) all.pop();
  const header = parseJson(all[0] ?? '', `${source} line 1`);
  const format = header as { format?: unknown; version?: unknown } | null;
  if (format?.format !== TRACE_FORMAT.format || typeof format.version !== 'number') {
    throw new TraceLinesError(`${source} line 1`, `not a rollout-sim trace: the first line must be ${JSON.stringify(TRACE_FORMAT)}`);
  }
  if (format.version !== TRACE_FORMAT.version) {
    throw new TraceLinesError(`${source} line 1`, `trace format version ${format.version}; this rollout-sim reads version ${TRACE_FORMAT.version} (re-run \`rollout-sim trace --format jsonl\` with this version)`);
  }
  const lines = all.slice(1);
  const entries = lines.map((line, i) => {
    const where = `${source} line ${i + 2}`;
    const entry = parseJson(line, where) as Partial<TraceEntry> | null;
    if (typeof entry !== 'object' || entry === null || typeof entry.step !== 'number' || typeof entry.t !== 'number' || !Object.hasOwn(ENTRY_KINDS, String(entry.kind))) {
      throw new TraceLinesError(where, `not a trace entry (each needs a numeric step and t and a known kind): ${line.slice(0, 120)}`);
    }
    return entry as TraceEntry;
  });
  const hash = hashOfLines(lines);
  if (stated && stated[1] !== hash) {
    throw new TraceLinesError(`${source} line ${all.length + 1}`, `the trace says its hash is ${stated[1]}, but its lines hash to ${hash}: lines were changed or lost`);
  }
  return { lines, entries, hash };
}

function parseJson(line: string, where: string): unknown {
  try {
    return JSON.parse(line);
  } catch (err) {
    throw new TraceLinesError(where, `not JSON (${(err as Error).message}): ${line.slice(0, 120)}`);
  }
}
