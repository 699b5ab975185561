// The regression corpus: every failure found is saved (writer, invariant, seed, path and
// the shrunk scenario itself) and replayed first on every later run, as Hypothesis's
// example database is. The scenario is stored whole so an entry still replays after the
// generators change; seed and path are kept for the replay command.
import type { InvariantName } from '../invariants/index';
import type { Scenario } from '../sim/scenario';

export interface CorpusEntry {
  /** First 12 hex digits of the failing trace's hash: the entry's name. */
  id: string;
  writer: string;
  invariants: InvariantName[];
  seed: number;
  path: string;
  /** The profile the failure was found under (see profiles.ts); absent means default. */
  profile?: string;
  scenario: Scenario;
}

export interface CorpusStore {
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
  readonly location: string;
}

export class CorpusFormatError extends Error {
  override name = 'CorpusFormatError';
  constructor(location: string, reason: string) {
    super(`regression corpus ${location} is not valid: ${reason}`);
  }
}

export class Corpus {
  private constructor(
    private readonly store: CorpusStore,
    private readonly list: CorpusEntry[],
  ) {}

  static async open(store: CorpusStore): Promise<Corpus> {
    const text = await store.read();
    if (text === undefined || text.trim() === '') return new Corpus(store, []);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new CorpusFormatError(store.location, err instanceof Error ? err.message : String(err));
    }
    const entries = (parsed as { entries?: unknown }).entries;
    if (!Array.isArray(entries)) throw new CorpusFormatError(store.location, 'expected {"entries": [...]}');
    entries.forEach((e: Partial<CorpusEntry>, i) => {
      if (typeof e?.id !== 'string' || typeof e.writer !== 'string' || typeof e.scenario !== 'object' || !Array.isArray(e.invariants)) {
        throw new CorpusFormatError(store.location, `entry ${i} lacks id, writer, invariants or scenario`);
      }
    });
    return new Corpus(store, entries as CorpusEntry[]);
  }

  get entries(): readonly CorpusEntry[] {
    return this.list;
  }

  get location(): string {
    return this.store.location;
  }

  /** Adds and saves an entry unless one with the same writer and id is there; returns whether it was new. */
  async add(entry: CorpusEntry): Promise<boolean> {
    if (this.list.some((e) => e.writer === entry.writer && e.id === entry.id)) return false;
    this.list.push(entry);
    this.list.sort((a, b) => a.writer.localeCompare(b.writer) || a.id.localeCompare(b.id));
    // One entry per line: a new failure is a one-line diff.
    await this.store.write(`{"entries": [\n${this.list.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`);
    return true;
  }
}

export function memoryCorpusStore(initial?: string): CorpusStore & { text: string | undefined } {
  const store = {
    text: initial,
    location: '<memory>',
    read: async () => store.text,
    write: async (t: string) => {
      store.text = t;
    },
  };
  return store;
}
