// `trace` and `hashes` pick the writer and the profile as `run` does: a user's module by
// --recorder, and --profile draws a seed's scenario from that profile's generator -- the
// very scenario a campaign with that seed and profile runs first.
import fc from 'fast-check';
import { loadWriterModule } from '../adapters/writer-module';
import { writerForVariant } from '../adapters/variants';
import { boundsFor } from '../campaign/profiles';
import { writerProperty } from '../campaign/writer-property';
import { describeFault } from '../sim/fault-plan';
import type { Scenario } from '../sim/scenario';
import { scenarioForSeed } from '../sim/scenario-arbitrary';
import { simulate } from '../sim/simulation';
import { main } from './main';

const NAIVE = 'examples/naive-jsonl-writer.ts';
const TRACE_HASH_LINE = /^trace-hash: [0-9a-f]{64}$/;

async function cli(...args: string[]): Promise<{ code: number; lines: string[]; err: string }> {
  const printed: string[] = [];
  const errors: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
  try {
    const code = await main(['node', 'rollout-sim', ...args], (text) => printed.push(text));
    return { code, lines: printed.flatMap((text) => text.split('\n')), err: errors.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

/** The first scenario `run --seed <seed> --profile <profile>` checks, taken from the campaign's own property. */
async function firstCampaignScenario(writer: ReturnType<typeof writerForVariant>, seed: number, profile: 'crash'): Promise<Scenario> {
  let first: Scenario | undefined;
  await fc.assert(writerProperty(writer, { invariants: [], bounds: boundsFor(writer, profile), onRun: (run) => (first ??= run.scenario) }), {
    seed,
    numRuns: 1,
  });
  return first!;
}

describe('rollout-sim trace and hashes with --recorder and --profile', () => {
  test('trace --recorder runs a user module, and its hash is that of the seed drawn for that writer', async () => {
    const { code, lines } = await cli('trace', '--recorder', NAIVE, '--seed', '3');
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^recorder: examples\/naive-jsonl-writer\.ts \(naive-jsonl\) {2}seed: 3 {2}strategy: (random|pct)$/);
    // The naive writer has no session, so its scenarios (as in `run`) have no session actors.
    expect(lines[1]).toMatch(/^workload: /);
    expect(lines[1]).not.toMatch(/session/);
    const writer = loadWriterModule(NAIVE, process.cwd());
    const { hash } = await simulate(writer, scenarioForSeed(3, boundsFor(writer, 'default')));
    expect(lines.at(-1)).toBe(`trace-hash: ${hash}`);
  });

  test('trace --profile crash shows the crash profile\'s scenario for the seed: the one `run --profile crash` checks first', async () => {
    const seed = 11;
    const reference = writerForVariant('reference');
    const scenario = scenarioForSeed(seed, boundsFor(reference, 'crash'));
    expect(await firstCampaignScenario(reference, seed, 'crash')).toEqual(scenario);
    const { code, lines } = await cli('trace', '--variant', 'reference', '--seed', String(seed), '--profile', 'crash');
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/ {2}profile: crash$/);
    expect(lines[2]).toBe(`faults: ${scenario.faults.faults.map(describeFault).join('; ')}`);
    expect(lines[2]).toMatch(/crash/);
    expect(lines.at(-1)).toBe(`trace-hash: ${(await simulate(reference, scenario)).hash}`);
    const byDefault = await cli('trace', '--variant', 'reference', '--seed', String(seed));
    expect(byDefault.lines.at(-1)).not.toBe(lines.at(-1));
  });

  test('hashes --recorder --profile prints the hash of each seed drawn from that profile for that writer', async () => {
    const { code, lines } = await cli('hashes', '--recorder', NAIVE, '--profile', 'crash', '--from', '5', '--count', '3');
    expect(code).toBe(0);
    const writer = loadWriterModule(NAIVE, process.cwd());
    const expected: string[] = [];
    for (const seed of [5, 6, 7]) expected.push(`${seed} ${(await simulate(writer, scenarioForSeed(seed, boundsFor(writer, 'crash')))).hash}`);
    expect(lines).toEqual(expected);
  });

  test('without --profile the hashes are those of the default profile, as before', async () => {
    const { lines } = await cli('hashes', '--variant', 'reference', '--from', '0', '--count', '2');
    const reference = writerForVariant('reference');
    expect(lines).toEqual([`0 ${(await simulate(reference, scenarioForSeed(0))).hash}`, `1 ${(await simulate(reference, scenarioForSeed(1))).hash}`]);
  });

  test.each([
    [['trace', '--seed', '1'], /say which writer to test: --variant .*, --recorder .*, or --target/],
    [['trace', '--variant', 'legacy', '--recorder', NAIVE, '--seed', '1'], /give one of --variant, --recorder or --target, not --variant and --recorder/],
    [['hashes', '--count', '1'], /say which writer to test/],
    [['hashes', '--variant', 'reference', '--recorder', NAIVE, '--count', '1'], /give one of --variant, --recorder or --target, not --variant and --recorder/],
    [['trace', '--variant', 'reference', '--seed', '1', '--profile', 'wild'], /unknown profile "wild"; known profiles: default, recorder, session, crash/],
    [['hashes', '--variant', 'reference', '--profile', 'wild'], /unknown profile "wild"/],
    [['trace', '--recorder', 'src/cli/fixtures/missing.ts', '--seed', '1'], /recorder module not found: src\/cli\/fixtures\/missing.ts/],
    [['hashes', '--recorder', 'src/cli/fixtures/incomplete-writer.ts'], /does not meet the writer contract/],
  ])('%j exits 2 with a message naming what was wrong, and prints no hash', async (args, message) => {
    const { code, lines, err } = await cli(...(args as string[]));
    expect(code).toBe(2);
    expect(err + lines.join('\n')).toMatch(message);
    expect(lines.some((l) => TRACE_HASH_LINE.test(l) || /^\d+ [0-9a-f]{64}$/.test(l))).toBe(false);
  });
});
