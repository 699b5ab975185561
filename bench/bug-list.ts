// The bugs the detection section hunts: the catalogue (bench/bugs/catalogue.ts's
// CATALOGUE) when it is there, else a stand-in list -- the recorder's two buggy variants
// and two mutants of the reference recorder -- so the runner works, and says which it
// used. The catalogue is loaded by path at run time, and its entries checked for shape,
// so this file compiles with or without it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rolloutRecorderWriter } from '../src/adapters/rollout-recorder-writer';
import { PROFILE_NAMES, type ProfileName } from '../src/campaign/profiles';
import type { CallOutcome, LogHandle, LogWriterFactory } from '../src/sim/writer-contract';

/** As bench/bugs/catalogue.ts declares CatalogueBug. */
export interface BenchBug {
  readonly name: string;
  /** The bug, in a sentence. */
  readonly bug: string;
  /** What it takes to show it: faults, a crash, an interleaving... */
  readonly needs: readonly string[];
  readonly depth: 'shallow' | 'medium' | 'deep';
  readonly profile?: ProfileName;
  readonly writer: LogWriterFactory;
}

export interface BugList {
  source: 'catalogue' | 'stand-in';
  bugs: readonly BenchBug[];
}

export class CatalogueShapeError extends Error {
  override name = 'CatalogueShapeError';
  constructor(where: string, why: string) {
    super(`bench/bugs/catalogue.ts: ${where} ${why}`);
  }
}

const DEPTHS = new Set(['shallow', 'medium', 'deep']);

function checkedBug(value: unknown, index: number): BenchBug {
  const where = `CATALOGUE[${index}]`;
  if (value === null || typeof value !== 'object') throw new CatalogueShapeError(where, 'is not an object');
  const b = value as Record<string, unknown>;
  if (typeof b.name !== 'string') throw new CatalogueShapeError(where, 'has no name string');
  if (typeof b.bug !== 'string') throw new CatalogueShapeError(`${where} (${b.name})`, 'has no bug string');
  if (!Array.isArray(b.needs) || b.needs.some((n) => typeof n !== 'string')) throw new CatalogueShapeError(`${where} (${b.name})`, 'needs is not a list of strings');
  if (typeof b.depth !== 'string' || !DEPTHS.has(b.depth)) throw new CatalogueShapeError(`${where} (${b.name})`, `depth ${JSON.stringify(b.depth)} is not shallow, medium or deep`);
  if (b.profile !== undefined && !(PROFILE_NAMES as unknown[]).includes(b.profile)) throw new CatalogueShapeError(`${where} (${b.name})`, `profile ${JSON.stringify(b.profile)} is not one of ${PROFILE_NAMES.join(', ')}`);
  const w = b.writer as Partial<LogWriterFactory> | undefined;
  if (!w || typeof w.open !== 'function' || typeof w.readBack !== 'function' || typeof w.name !== 'string') throw new CatalogueShapeError(`${where} (${b.name})`, 'has no LogWriterFactory writer');
  return value as BenchBug;
}

/** A reference recorder whose handles' answers are rewritten: a one-line mutant. */
function mutant(name: string, mutate: (handle: LogHandle) => LogHandle): LogWriterFactory {
  const reference = rolloutRecorderWriter('reference');
  const wrap = (h: LogHandle): LogHandle => mutate({ ...h, clone: () => wrap(h.clone()) });
  return { ...reference, name, open: async (env, home) => {
    const w = await reference.open(env, home);
    return { ...w, handle: wrap(w.handle) };
  } };
}

const OK: CallOutcome = { status: 'ok' };

/** Stand-ins until the catalogue lands: the two shipped buggy variants and two mutants of the reference. */
export function standInBugs(): BenchBug[] {
  return [
    {
      name: 'legacy',
      bug: 'openai/codex#16300: a stale clone enqueues after shutdown closed the channel and rejects ("channel closed"); items queued behind the shutdown are dropped',
      needs: ['a call after shutdown began'],
      depth: 'shallow',
      writer: rolloutRecorderWriter('legacy'),
    },
    {
      name: 'flag-only',
      bug: "#16300's proposed patch: calls after shutdown began resolve as a silent success without writing",
      needs: ['a call after shutdown began'],
      depth: 'shallow',
      writer: rolloutRecorderWriter('flag-only'),
    },
    {
      name: 'mutant-flush-acks-early',
      bug: "a handle's flush answers ok as soon as it is queued, before the writer has written or synced anything",
      needs: ['a flush with items before it'],
      depth: 'medium',
      writer: mutant('mutant-flush-acks-early', (h) => ({ ...h, flush: () => (void h.flush(), Promise.resolve(OK)) })),
    },
    {
      name: 'mutant-failed-flush-is-ok',
      bug: "a handle's flush that failed (the write or fsync returned an error) answers ok",
      needs: ['a write or fsync fault', 'a crash after the flush'],
      depth: 'deep',
      writer: mutant('mutant-failed-flush-is-ok', (h) => ({ ...h, flush: () => h.flush().then((o) => (o.status === 'failed' ? OK : o)) })),
    },
  ];
}

/** The catalogue if bench/bugs/catalogue.ts exists, else the stand-ins. */
export function loadBugs(): BugList {
  const path = join(__dirname, 'bugs', 'catalogue.ts');
  if (!existsSync(path)) return { source: 'stand-in', bugs: standInBugs() };
  const loaded = require(path) as { CATALOGUE?: unknown };
  if (!Array.isArray(loaded.CATALOGUE)) throw new CatalogueShapeError('CATALOGUE', 'is not exported as an array');
  return { source: 'catalogue', bugs: loaded.CATALOGUE.map(checkedBug) };
}
