// Detection as the benchmark reports it: the strategy really is narrowed, a bug is found
// and counted in runs, and a search that cannot find a bug says so and stops early.
import fc from 'fast-check';
import { boundsFor } from '../src/campaign/profiles';
import { rolloutRecorderWriter } from '../src/adapters/rollout-recorder-writer';
import { CATALOGUE, type CatalogueBug } from './bugs/catalogue';
import { scenarioArbitrary } from '../src/sim/scenario-arbitrary';
import { measureDetection } from './detection';

const legacy: CatalogueBug = { name: 'legacy', bug: 'openai/codex#16300', needs: ['a call after shutdown began'], depth: 'shallow', writer: rolloutRecorderWriter('legacy') };
/** A flush that met a failed fsync answers ok: only a fault shows it. */
const failedFlushIsOk = CATALOGUE.find((b) => b.name === 'binding-sync-swallows-eio')!;

test('random and pct searches draw only their strategy; mixed draws both', () => {
  const kinds = (search: 'random' | 'pct' | 'mixed') => new Set(fc.sample(scenarioArbitrary(boundsFor(legacy.writer, 'default', search)), { seed: 5, numRuns: 40 }).map((s) => s.strategy.kind));
  expect(kinds('random')).toEqual(new Set(['random']));
  expect(kinds('pct')).toEqual(new Set(['pct']));
  expect(kinds('mixed')).toEqual(new Set(['random', 'pct']));
});

test("each search finds the legacy variant's bug and counts the runs it took", async () => {
  const [row] = await measureDetection([legacy], { seeds: 2, firstSeed: 1, maxRuns: 20, giveUpAfter: 0 });
  for (const cell of Object.values(row.cells)) {
    expect(cell.found).toBe(2);
    expect(cell.hunts.every((h) => h.found && h.runs >= 1 && h.runs <= 20 && h.invariant !== undefined)).toBe(true);
    expect(cell.runs?.median).not.toBeNull();
  }
});

test('a bug that needs a fault is reported not found by the peer, which stops after the seeds it was given to try', async () => {
  const [row] = await measureDetection([failedFlushIsOk], { seeds: 5, firstSeed: 1, maxRuns: 3, giveUpAfter: 2 });
  const peer = row.cells.peer;
  expect(peer.found).toBe(0);
  expect(peer.hunts).toHaveLength(2);
  expect(peer.stoppedEarly).toBe(true);
  expect(peer.hunts.every((h) => h.runs === 3)).toBe(true);
  expect(peer.runs?.median).toBeNull();
});
