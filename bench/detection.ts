// Detection: for each bug, how many runs and how much CPU each search needs before its
// first failing run, over many seeds. A search is a fast-check `fc.check` from one seed
// with `endOnFailure` (stop at the first failure: no shrinking is counted), of:
//
// - random / pct / mixed: rollout-sim's per-run path (`simulate` + `checkAll`) over
//   scenarios drawn under the bug's profile, their strategy narrowed to random walk only,
//   PCT only, or left to the generator's mix (the default campaign's);
// - peer: the fast-check peer (bench/peer), which draws workloads only -- no faults, no
//   crashes.
//
// A search that finds nothing in `maxRuns` runs reports "not found within maxRuns". After
// `giveUpAfter` seeds in a row with nothing found from the first, the rest of the seeds
// are not run (and the cell says so): a peer with no faults will not find a bug that
// needs one, and proving it 20 times over costs minutes.
import fc from 'fast-check';
import { checkAll, type InvariantName } from '../src/invariants/index';
import { boundsFor } from '../src/campaign/profiles';
import { scenarioArbitrary, type ScenarioBounds } from '../src/sim/scenario-arbitrary';
import type { Scenario } from '../src/sim/scenario';
import { simulate } from '../src/sim/simulation';
import type { CatalogueBug } from './bugs/catalogue';
import { cpuMs, spread, type Spread } from './cpu-ratio';
import { peerProperty } from './peer/peer-property';
import { PeerUnsupportedWriterError } from './peer/peer-run';

export const SEARCHES = ['random', 'pct', 'mixed', 'peer'] as const;
export type Search = (typeof SEARCHES)[number];
type SimSearch = Exclude<Search, 'peer'>;

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

export function searchArbitrary(bounds: ScenarioBounds, search: SimSearch): fc.Arbitrary<Scenario> {
  return scenarioArbitrary(search === 'mixed' ? bounds : { ...bounds, strategies: [search] });
}

async function huntSim(bug: CatalogueBug, arbitrary: fc.Arbitrary<Scenario>, seed: number, maxRuns: number): Promise<SeedHunt> {
  let runs = 0;
  let invariant: InvariantName | undefined;
  const property = fc.asyncProperty(arbitrary, async (scenario) => {
    runs++;
    const violations = checkAll(await simulate(bug.writer, scenario));
    invariant = violations[0]?.invariant;
    return violations.length === 0;
  });
  const { ms, value: details } = await cpuMs(() => fc.check(property, { seed, numRuns: maxRuns, endOnFailure: true }));
  if (details.failed && invariant === undefined) throw new Error(`the search for ${bug.name} (seed ${seed}) failed without a violation: ${String(details.errorInstance)}`);
  return { seed, found: details.failed, runs, cpuMs: ms, ...(invariant ? { invariant } : {}) };
}

async function huntPeer(bug: CatalogueBug, bounds: ScenarioBounds, seed: number, maxRuns: number): Promise<SeedHunt> {
  let runs = 0;
  let invariant: InvariantName | undefined;
  const property = peerProperty(bug.writer, bounds, {
    onRun: (_run, violations) => {
      runs++;
      invariant = violations[0]?.invariant;
    },
  });
  const { ms, value: details } = await cpuMs(() => fc.check(property, { seed, numRuns: maxRuns, endOnFailure: true }));
  if (details.failed && details.errorInstance instanceof PeerUnsupportedWriterError) throw details.errorInstance;
  if (details.failed && invariant === undefined) throw new Error(`the peer's search for ${bug.name} (seed ${seed}) failed without a violation: ${String(details.errorInstance)}`);
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

async function huntCell(bug: CatalogueBug, search: Search, bounds: ScenarioBounds, o: DetectionOptions): Promise<DetectionCell> {
  const arbitrary = search === 'peer' ? undefined : searchArbitrary(bounds, search);
  const hunts: SeedHunt[] = [];
  for (let i = 0; i < o.seeds; i++) {
    const seed = o.firstSeed + i;
    try {
      hunts.push(arbitrary ? await huntSim(bug, arbitrary, seed, o.maxRuns) : await huntPeer(bug, bounds, seed, o.maxRuns));
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
    const bounds = boundsFor(bug.writer, profile);
    const cells = {} as Record<Search, DetectionCell>;
    for (const search of SEARCHES) {
      o.onProgress?.(`detection ${bug.name}: ${search}`);
      cells[search] = await huntCell(bug, search, bounds, o);
    }
    rows.push({ bug: bug.name, description: bug.bug, depth: bug.depth, needs: bug.needs, profile, cells });
  }
  return rows;
}
