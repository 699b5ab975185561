// The regression corpus: every failure found is saved (writer, profile, invariant, seed,
// path and the shrunk scenario itself) and replayed first on every later run of the same
// writer and profile, as Hypothesis's example database is. The scenario is stored whole
// so an entry still replays after the generators change; seed, path and profile are kept
// for the replay command. Every entry is checked on load (corpus-entry-check.ts); a save
// re-reads the file under the store's lock and merges, so campaigns saving side by side
// (jest workers, CI shards) lose nothing.
import { TextFileError } from '../env/locked-text-file';
import { checkCorpusEntry, EntryFieldError, type CorpusEntry } from './corpus-entry-check';
import type { WriterRef } from './failure';

export type { CorpusEntry } from './corpus-entry-check';

/** The corpus shipped with rollout-sim: the built-in variants' regressions. */
export const BUNDLED_CORPUS = 'corpus/regressions.json';
/** Where a user's own writer's failures go, relative to their working directory. */
export const USER_CORPUS = '.rollout-sim/corpus.json';

/** The corpus a command uses unless told otherwise: the bundled one for a variant, the user's own for a module. */
export function defaultCorpusPath(ref: WriterRef): string {
  return 'variant' in ref ? BUNDLED_CORPUS : USER_CORPUS;
}

export interface CorpusStore {
  readonly location: string;
  /** The whole text; undefined if there is none yet. */
  read(): Promise<string | undefined>;
  /** Reads the current text and writes what `merge` makes of it (undefined: nothing), with no other update in between. */
  update(merge: (current: string | undefined) => string | undefined): Promise<void>;
}

export class CorpusFormatError extends Error {
  override name = 'CorpusFormatError';
  constructor(location: string, reason: string) {
    super(`regression corpus ${location} is not valid: ${reason}`);
  }
}

/** The corpus file cannot be used: not a regular file, unreadable, or locked too long. */
export class CorpusFileError extends Error {
  override name = 'CorpusFileError';
  constructor(location: string, reason: string) {
    super(`regression corpus ${location} ${reason}`);
  }
}

function entryLabel(i: number, e: unknown): string {
  const id = (e as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? `entry ${i} (id ${JSON.stringify(id.slice(0, 40))})` : `entry ${i}`;
}

/**
 * The corpus format this version writes. 1: `{"entries": [...]}` (rollout-sim 0.1.0, no
 * `format` field). 2: the same with `"format": 2`, and a PCT strategy may carry a
 * `horizon` (an entry without one replays as it was found). Older formats are read and
 * replayed; a newer one is refused, never misread.
 */
export const CORPUS_FORMAT = 2;

/** Refuses a corpus of a format this version cannot read; an absent format is 1. */
function checkFormat(parsed: unknown, location: string): void {
  const format = (parsed as { format?: unknown } | null)?.format;
  if (format === undefined) return;
  if (!Number.isInteger(format) || (format as number) < 1) throw new CorpusFormatError(location, `format must be a whole number from 1; got ${JSON.stringify(format)}`);
  if ((format as number) > CORPUS_FORMAT) {
    throw new CorpusFormatError(location, `was written by a newer rollout-sim (corpus format ${String(format)}); this version reads formats 1 to ${CORPUS_FORMAT}: upgrade rollout-sim to replay it`);
  }
}

/** The entries of a corpus text, each checked; the first bad one refused, naming it and its field. */
export function parseCorpus(text: string | undefined, location: string): CorpusEntry[] {
  if (text === undefined || text.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CorpusFormatError(location, err instanceof Error ? err.message : String(err));
  }
  const entries = (parsed as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries)) throw new CorpusFormatError(location, 'expected {"entries": [...]}');
  checkFormat(parsed, location);
  return entries.map((e: unknown, i) => {
    try {
      return checkCorpusEntry(e);
    } catch (err) {
      if (err instanceof EntryFieldError) throw new CorpusFormatError(location, `${entryLabel(i, e)}: ${err.message}`);
      throw err;
    }
  });
}

/** One entry per line: a new failure is a one-line diff. */
function formatCorpus(entries: readonly CorpusEntry[]): string {
  return `{"format": ${CORPUS_FORMAT}, "entries": [\n${entries.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`;
}

const sameEntry = (a: CorpusEntry, b: CorpusEntry) => a.writer === b.writer && a.id === b.id;

/** A store's errors that are about the file (its kind, access, the lock) become CorpusFileErrors naming it. */
async function onStore<T>(location: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof CorpusFormatError || err instanceof CorpusFileError) throw err;
    if (err instanceof TextFileError) throw new CorpusFileError(location, err.reason);
    throw err;
  }
}

export class Corpus {
  private constructor(
    private readonly store: CorpusStore,
    private list: CorpusEntry[],
  ) {}

  static async open(store: CorpusStore): Promise<Corpus> {
    const text = await onStore(store.location, () => store.read());
    return new Corpus(store, parseCorpus(text, store.location));
  }

  get entries(): readonly CorpusEntry[] {
    return this.list;
  }

  get location(): string {
    return this.store.location;
  }

  /**
   * Saves an entry unless one with the same writer and id is there; returns whether it was
   * new. The file is re-read under the store's lock and the entry merged into what is there
   * now, so entries other campaigns saved since this corpus was opened are kept.
   */
  async add(entry: CorpusEntry): Promise<boolean> {
    checkCorpusEntry(entry);
    let added = false;
    await onStore(this.store.location, () =>
      this.store.update((current) => {
        const list = parseCorpus(current, this.store.location);
        added = !list.some((e) => sameEntry(e, entry));
        if (added) list.push(entry);
        list.sort((a, b) => a.writer.localeCompare(b.writer) || a.id.localeCompare(b.id));
        this.list = list;
        return added ? formatCorpus(list) : undefined;
      }),
    );
    return added;
  }
}

export function memoryCorpusStore(initial?: string): CorpusStore & { text: string | undefined } {
  const store = {
    text: initial,
    location: '<memory>',
    read: async () => store.text,
    update: async (merge: (current: string | undefined) => string | undefined) => {
      const next = merge(store.text);
      if (next !== undefined) store.text = next;
    },
  };
  return store;
}
