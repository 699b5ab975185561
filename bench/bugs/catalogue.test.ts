// The bug catalogue as the benchmark relies on it: every entry well formed and in its own
// file, names unique, a fixed twin for each; and every shallow bug found by a small
// campaign on the suite's fixed seed, while its twin passes the very runs that failed --
// so the failure is the bug's, not the harness's. Deep bugs are measured by measure.ts
// (bench/bugs/README.md), not here: the suite must stay cheap.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCampaign } from '../../src/campaign/campaign';
import { DEFAULT_SUITE_SEED } from '../../src/campaign/budget';
import { PROFILE_NAMES } from '../../src/campaign/profiles';
import { CATALOGUE, type CatalogueBug } from './catalogue';
import { firstDetection, runOfPath } from './first-detection';
import { fixedTwinOf, twinCampaign } from './twins';

/** Runs a shallow bug must be found within, on the suite's seed. */
const SHALLOW_BUDGET = 40;

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

describe.each(CATALOGUE.map((b) => [b.name, b] as const))('%s', (name, bug: CatalogueBug) => {
  test('is well formed, in bench/bugs/<name>.ts, with a fixed twin', () => {
    expect(name).toMatch(KEBAB);
    expect(bug.writer.name).toBe(name);
    expect(bug.bug.length).toBeGreaterThan(20);
    expect(bug.bug).not.toMatch(/\n/);
    expect(bug.needs.length).toBeGreaterThan(0);
    expect(['shallow', 'medium', 'deep']).toContain(bug.depth);
    if (bug.profile !== undefined) expect(PROFILE_NAMES).toContain(bug.profile);
    const file = join(__dirname, `${name}.ts`);
    expect(existsSync(file)).toBe(true);
    // The file is what `rollout-sim run --recorder bench/bugs/<name>.ts` loads: it must export this writer.
    expect((require(file) as { writer: unknown }).writer).toBe(bug.writer);
    expect(fixedTwinOf(name).name).not.toBe(name);
  });
});

test('the catalogue has at least 12 bugs, at least 4 of them deep, with unique names', () => {
  const names = CATALOGUE.map((b) => b.name);
  expect(new Set(names).size).toBe(names.length);
  expect(names.length).toBeGreaterThanOrEqual(12);
  expect(CATALOGUE.filter((b) => b.depth === 'deep').length).toBeGreaterThanOrEqual(4);
});

test('a bug without a twin is refused by name', () => {
  expect(() => fixedTwinOf('no-such-bug')).toThrow(/no fixed twin is named for the catalogue bug "no-such-bug"/);
});

describe.each(CATALOGUE.filter((b) => b.depth === 'shallow').map((b) => [b.name, b] as const))('shallow: %s', (_name, bug: CatalogueBug) => {
  test(`is found within ${SHALLOW_BUDGET} runs of seed ${DEFAULT_SUITE_SEED}, and its fixed twin passes those runs`, async () => {
    const profile = bug.profile ?? 'default';
    const found = await firstDetection(bug.writer, DEFAULT_SUITE_SEED, SHALLOW_BUDGET, profile);
    expect(found.run).toBeDefined();
    // Found as a broken promise of the contract, not as a run that would not replay.
    expect(found.invariants).not.toContain('determinism');
    const held = await twinCampaign(bug, DEFAULT_SUITE_SEED, found.run!);
    expect(held.failure).toBeUndefined();
    expect(held.stats.runs).toBe(found.run);
  });
});

test('first detection names the same run as a campaign', async () => {
  const bug = CATALOGUE.find((b) => b.name === 'flush-resolves-when-queued')!;
  const found = await firstDetection(bug.writer, DEFAULT_SUITE_SEED, SHALLOW_BUDGET);
  const campaign = await runCampaign({ writer: bug.writer, ref: { recorder: 'bench/bugs/flush-resolves-when-queued.ts' }, numRuns: SHALLOW_BUDGET, seed: DEFAULT_SUITE_SEED });
  expect(runOfPath(campaign.failure!.path)).toBe(found.run);
});
