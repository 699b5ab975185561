// A run's trace: every choice and every operation with its outcome, in order. It renders
// as JSON lines (the canonical form, which is hashed) and as readable text.
import { createHash } from 'node:crypto';

export type TraceEntry =
  | { step: number; t: number; kind: 'choice'; picked: string; index: number; of: number }
  /** A burst is one entry: `burst` calls of `op`, whose items run from `first` to `last`. */
  | { step: number; t: number; kind: 'call'; actor: string; op: string; items?: readonly string[]; burst?: { calls: number; first: string; last: string } }
  /** A call of a burst names its items, so each of its calls can be told apart. */
  | { step: number; t: number; kind: 'settled'; actor: string; op: string; outcome: string; items?: readonly string[] }
  /**
   * A file-system call completed (a *Sync call: made and completed at once). An async call
   * names its event (`io`, picked as `io:<io>`) and the step it was submitted at (`from`).
   */
  | { step: number; t: number; kind: 'fs'; source: string; op: string; path: string; result: string; io?: number; from?: number }
  | { step: number; t: number; kind: 'fault'; fault: string; detail: string }
  | { step: number; t: number; kind: 'park'; source: string; label: string }
  /** A writer timer set, fired or cleared; `source` set it (for a clear: cleared it). */
  | { step: number; t: number; kind: 'timer'; action: 'set' | 'fire' | 'clear'; timer: number; source: string; ms?: number }
  | { step: number; t: number; kind: 'end'; result: string }
  /** What a crash did to one file: bytes on disk before it, unsynced bytes it kept (in page order) and bytes it lost. */
  | { step: number; t: number; kind: 'cut'; path: string; durableBytes: number; keptBytes: number; lostBytes: number; droppedBytes?: number }
  /** A file's state when the run ended: what readers see and what would survive a crash. */
  | { step: number; t: number; kind: 'file'; path: string; visible: string; visibleBytes: number; durable: string; durableBytes: number };

/**
 * The trace format: what `trace --format jsonl` prints as its first line, before the
 * entries. Not an entry and not hashed: the hash is of the entries' JSON lines. Version 1
 * is the entry kinds of rollout-sim 0.2.0; version 2 adds an async fs call's `io` and
 * `from`, the calls a run's end found in flight, and the `cut` a crash makes in each file. A tool that reads the lines checks it first.
 */
export const TRACE_FORMAT = { format: 'rollout-sim-trace', version: 2 } as const;

/** A short content hash (sha256, 16 hex digits): enough to tell two runs' bytes apart in a trace. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** The trace hash of entry lines as given: sha256 of each line with its newline (of one newline when there are none). */
export function hashOfLines(lines: readonly string[]): string {
  const hash = createHash('sha256');
  if (lines.length === 0) return hash.update('\n').digest('hex');
  for (const line of lines) hash.update(`${line}\n`);
  return hash.digest('hex');
}

/** Characters of JSON lines hashed at a time. */
const HASH_CHUNK_CHARS = 1 << 16;

export class Trace {
  /** Added only through add(): each is hashed as it comes. */
  readonly entries: TraceEntry[] = [];
  private readonly hasher = createHash('sha256');
  /** JSON lines not yet handed to the hasher. */
  private pending = '';

  /**
   * Records `entry` and hashes its JSON line now, while it is fresh in memory: hashing a
   * long run's entries only at its end read half a million objects back from all over the
   * heap (the cost per call of a run of 100,000 calls grew by a fifth over 1,000's).
   */
  add(entry: TraceEntry): void {
    this.entries.push(entry);
    this.pending += `${JSON.stringify(entry)}\n`;
    if (this.pending.length >= HASH_CHUNK_CHARS) {
      this.hasher.update(this.pending);
      this.pending = '';
    }
  }

  toJsonLines(): string {
    return this.entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
  }

  /** hashOfLines of the entries' JSON lines, from what add() hashed; entries may still be added after. */
  hash(): string {
    if (this.entries.length === 0) return hashOfLines([]);
    return this.hasher.copy().update(this.pending).digest('hex');
  }

  toText(): string {
    return this.entries.map(renderEntry).join('\n');
  }
}

export function renderEntry(e: TraceEntry): string {
  const at = `#${String(e.step).padStart(3)} t+${String(e.t).padStart(5)}ms`;
  switch (e.kind) {
    case 'choice':
      return `${at} pick ${e.index}/${e.of}: ${e.picked}`;
    case 'call':
      if (e.burst) return `${at}   ${e.actor} calls ${e.op} ${e.burst.calls} times at once [${e.burst.first} .. ${e.burst.last}]`;
      return `${at}   ${e.actor} calls ${e.op}${e.items ? ` [${e.items.join(', ')}]` : ''}`;
    case 'settled':
      return `${at}   ${e.actor} ${e.op}${e.items ? ` [${e.items.join(', ')}]` : ''} -> ${e.outcome}`;
    case 'fs':
      return `${at}   fs ${e.op} ${e.path} by ${e.source}${e.io === undefined ? '' : ` (io:${e.io} from #${e.from})`}: ${e.result}`;
    case 'fault':
      return `${at}   FAULT ${e.fault}: ${e.detail}`;
    case 'park':
      return `${at}   ${e.source} parks at ${e.label}`;
    case 'timer':
      if (e.action === 'set') return `${at}   ${e.source} sets timer ${e.timer} for ${e.ms}ms`;
      if (e.action === 'fire') return `${at}   timer ${e.timer} (set by ${e.source}) fires`;
      return `${at}   ${e.source} clears timer ${e.timer}`;
    case 'end':
      return `${at} end: ${e.result}`;
    case 'cut': {
      const dropped = e.droppedBytes ? ` (${e.droppedBytes} of them dropped by a failed fsync)` : '';
      return `${at}   crash cut ${e.path}: ${e.durableBytes} bytes durable, kept ${e.keptBytes} unsynced, lost ${e.lostBytes}${dropped}`;
    }
    case 'file':
      return `${at}   file ${e.path}: visible ${e.visibleBytes} bytes ${e.visible}, durable ${e.durableBytes} bytes ${e.durable}`;
  }
}
