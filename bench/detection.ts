// Detection: for each bug, how many runs and how much CPU each search needs before its
// first failing run, over many seeds. A search is a fast-check `fc.check` from one seed
// with `endOnFailure` (stop at the first failure: no shrinking is counted), of:
//
// - random / pct / mixed: rollout-sim's writer property (`simulate` + `checkAll`, as a
//   campaign checks it) over scenarios drawn under the bug's profile, their strategy
//   narrowed to random walk only, PCT only, or left to the generator's mix (the default
//   campaign's), as `--strategy` narrows a campaign's;
// - peer: the fast-check peer (bench/peer), which draws workloads only -- no faults, no
//   crashes.
//
// A search that finds nothing in `maxRuns` runs reports "not found within maxRuns". After
// `giveUpAfter` seeds in a row with nothing found from the first, the rest of the seeds
// are not run (and the cell says so): a peer with no faults will not find a bug that
// needs one, and proving it 20 times over costs minutes.
import fc from 'fast-check';
import { ALL_INVARIANTS, type InvariantName, type Violation } from '../src/invariants/index';
import { boundsFor, type ProfileName } from '../src/campaign/profiles';
import { writerProperty } from '../src/campaign/writer-property';
import type { RunResult } from '../src/sim/run-result';
import type { CatalogueBug } from './bugs/catalogue';
import { cpuMs, spread, type Spread } from './cpu-ratio';
import { peerProperty } from './peer/peer-property';
import { PeerUnsupportedWriterError } from './peer/peer-run';

export const SEARCHES = ['random', 'pct', 'mixed', 'peer'] as const;
export type Search = (typeof SEARCHES)[number];

export interface SeedHunt {
  seed: number;
  found: boolean;
  /** Runs made, the failing one included. */
  runs: number;
  cpuMs: number;
  /** The first invariant the failing run broke. */
  invariant?: InvariantName;
}

export interface DetectionCell {
  search: Search;
  maxRuns: number;
  seedsPlanned: number;
  hunts: SeedHunt[];
  /** Seeds not run because the first `giveUpAfter` found nothing. */
  stoppedEarly: boolean;
  /** Why the search cannot run this bug at all. */
  unsupported?: string;
  /** Seeds in which the bug was found. */
  found: number;
  /** Runs to first detection over the seeds run, a seed that found nothing counting as more than any: `median` null when it is such a seed. */
  runs?: { min: number | null; median: number | null; max: number | null };
  /** CPU ms to first detection, likewise (a seed that found nothing counts as infinitely long). */
  cpuMsToDetection?: { median: number | null };
  totalCpuMs: number;
}

export interface DetectionRow {
  bug: string;
  description: string;
  depth: CatalogueBug['depth'];
  needs: readonly string[];
  profile: string;
  cells: Record<Search, DetectionCell>;
}

export interface DetectionOptions {
  seeds: number;
  firstSeed: number;
  maxRuns: number;
  /** Stop a search after this many seeds, from the first, found nothing (0: never). */
  giveUpAfter: number;
  onProgress?: (message: string) => void;
}

type OnRun = (run: RunResult, violations: readonly Violation[]) => void;

/** The property a search checks, telling `onRun` of every run. The peer draws workloads only, so strategies do not narrow it. */
function searchProperty(bug: CatalogueBug, search: Search, profile: ProfileName, onRun: OnRun): fc.IAsyncProperty<unknown[]> {
  if (search === 'peer') return peerProperty(bug.writer, boundsFor(bug.writer, profile), { onRun });
  return writerProperty(bug.writer, { invariants: ALL_INVARIANTS, bounds: boundsFor(bug.writer, profile, search), onRun });
}

/** One seed's search: its property checked from `seed` until the first failure or `maxRuns` runs. */
async function hunt(bug: CatalogueBug, search: Search, profile: ProfileName, seed: number, maxRuns: number): Promise<SeedHunt> {
  let runs = 0;
  let invariant: InvariantName | undefined;
  const property = searchProperty(bug, search, profile, (_run, violations) => {
    runs++;
    invariant = violations[0]?.invariant;
  });
  const { ms, value: details } = await cpuMs(() => fc.check(property, { seed, numRuns: maxRuns, endOnFailure: true }));
  if (details.failed && details.errorInstance instanceof PeerUnsupportedWriterError) throw details.errorInstance;
  if (details.failed && invariant === undefined) throw new Error(`the ${search} search for ${bug.name} (seed ${seed}) failed without a violation: ${String(details.errorInstance)}`);
  return { seed, found: details.failed, runs, cpuMs: ms, ...(invariant ? { invariant } : {}) };
}

/** The spread of `values` with a seed that found nothing as +Infinity, reported as null. */
function withMisses(values: readonly number[]): { min: number | null; median: number | null; max: number | null } {
  const s: Spread = spread(values);
  const finite = (n: number) => (Number.isFinite(n) ? n : null);
  return { min: finite(s.min), median: finite(s.median), max: finite(s.max) };
}

function cellOf(search: Search, o: DetectionOptions, hunts: SeedHunt[], stoppedEarly: boolean, unsupported?: string): DetectionCell {
  const found = hunts.filter((h) => h.found).length;
  const base = { search, maxRuns: o.maxRuns, seedsPlanned: o.seeds, hunts, stoppedEarly, found, totalCpuMs: hunts.reduce((t, h) => t + h.cpuMs, 0) };
  if (unsupported !== undefined || hunts.length === 0) return { ...base, ...(unsupported !== undefined ? { unsupported } : {}) };
  return {
    ...base,
    runs: withMisses(hunts.map((h) => (h.found ? h.runs : Infinity))),
    cpuMsToDetection: { median: withMisses(hunts.map((h) => (h.found ? h.cpuMs : Infinity))).median },
  };
}

async function huntCell(bug: CatalogueBug, search: Search, profile: ProfileName, o: DetectionOptions): Promise<DetectionCell> {
  const hunts: SeedHunt[] = [];
  for (let i = 0; i < o.seeds; i++) {
    try {
      hunts.push(await hunt(bug, search, profile, o.firstSeed + i, o.maxRuns));
    } catch (err) {
      if (err instanceof PeerUnsupportedWriterError) return cellOf(search, o, hunts, false, err.message);
      throw err;
    }
    if (o.giveUpAfter > 0 && hunts.length === o.giveUpAfter && hunts.every((h) => !h.found)) {
      return cellOf(search, o, hunts, i + 1 < o.seeds);
    }
  }
  return cellOf(search, o, hunts, false);
}

export async function measureDetection(bugs: readonly CatalogueBug[], o: DetectionOptions): Promise<DetectionRow[]> {
  const rows: DetectionRow[] = [];
  for (const bug of bugs) {
    const profile = bug.profile ?? 'default';
    const cells = {} as Record<Search, DetectionCell>;
    for (const search of SEARCHES) {
      o.onProgress?.(`detection ${bug.name}: ${search}`);
      cells[search] = await huntCell(bug, search, profile, o);
    }
    rows.push({ bug: bug.name, description: bug.bug, depth: bug.depth, needs: bug.needs, profile, cells });
  }
  return rows;
}
