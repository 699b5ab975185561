// Detection against an earlier benchmark (`--baseline results.json`): how much sooner the
// default campaign's search (the `mixed` cell) finds each bug now than it did then -- the
// issue's "deep half at least 3x sooner than today's generator" needs today's figures
// kept (a results.json from a run before the change) and compared with a run after it.
// "The deep half" is the half of the bugs the baseline took longest to find.
import { readFileSync } from 'node:fs';
import type { DetectionRow } from './detection';

export interface BaselineRow {
  bug: string;
  /** Median runs to detection then and now (null: not found on median, within maxRuns). */
  before: number | null;
  after: number | null;
  /** before / after; null when either is null. */
  speedup: number | null;
  deepHalf: boolean;
}

export interface BaselineComparison {
  file: string;
  /** maxRuns then and now: "not found" means "not within these". */
  maxRuns: { before: number; after: number };
  rows: BaselineRow[];
  /** Target: every bug of the deep half found at least this many times sooner. */
  deepHalfTarget: number;
}

export class BaselineFileError extends Error {
  override name = 'BaselineFileError';
}

export interface SavedDetection {
  file: string;
  maxRuns: number;
  rows: DetectionRow[];
}

export const DEEP_HALF_SPEEDUP = 3;

/** Reads an earlier results.json's detection figures; read before anything runs, so a bad file fails at once. */
export function loadBaseline(file: string): SavedDetection {
  let saved: { detection?: { maxRuns?: unknown; rows?: unknown } };
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as typeof saved;
  } catch (err) {
    throw new BaselineFileError(`--baseline ${file}: cannot read it as JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const d = saved.detection;
  if (!d || !Array.isArray(d.rows) || typeof d.maxRuns !== 'number') throw new BaselineFileError(`--baseline ${file}: it has no detection section`);
  return { file, maxRuns: d.maxRuns, rows: d.rows as DetectionRow[] };
}

export function compareWithBaseline(saved: SavedDetection, now: { maxRuns: number; rows: readonly DetectionRow[] }): BaselineComparison {
  const then = new Map(saved.rows.map((r) => [r.bug, r.cells?.mixed?.runs?.median ?? null]));
  const common = now.rows.filter((r) => then.has(r.bug));
  // Slowest first; not found counts as slowest of all.
  const bySlowness = [...common].sort((a, b) => (then.get(b.bug) ?? Infinity) - (then.get(a.bug) ?? Infinity));
  const deep = new Set(bySlowness.slice(0, Math.ceil(common.length / 2)).map((r) => r.bug));
  return {
    file: saved.file,
    maxRuns: { before: saved.maxRuns, after: now.maxRuns },
    deepHalfTarget: DEEP_HALF_SPEEDUP,
    rows: common.map((r) => {
      const before = then.get(r.bug) ?? null;
      const after = r.cells.mixed.runs?.median ?? null;
      return { bug: r.bug, before, after, speedup: before !== null && after !== null && after > 0 ? before / after : null, deepHalf: deep.has(r.bug) };
    }),
  };
}
