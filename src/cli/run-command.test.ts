// The campaign command as a user runs it: exit codes, summary, replay, modules, reports.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const lines: string[] = [];
  const errors: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
  const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await main(['node', 'rollout-sim', ...args], (l) => lines.push(l));
    return { code, out: lines.join('\n'), err: errors.join('\n') };
  } finally {
    spy.mockRestore();
    write.mockRestore();
  }
}

const lastLine = (text: string) => text.trim().split('\n').pop();

describe('rollout-sim run', () => {
  test('legacy --runs 500 exits 1, names the invariant, and its replay command reproduces the same hash', async () => {
    const found = await run('run', '--variant', 'legacy', '--runs', '500', '--seed', '5', '--no-corpus');
    expect(found.code).toBe(1);
    expect(found.out).toMatch(/FAILED (no-post-shutdown-throw|no-acknowledged-item-lost|replay-equals-history)/);
    const command = /replay: rollout-sim (.*)$/m.exec(found.out)![1];
    expect(command).toMatch(/^replay --variant legacy --profile default --seed 5 --path [\d:]+$/);
    const replayed = await run(...command.split(' '));
    expect(replayed.code).toBe(1);
    expect(lastLine(replayed.out)).toBe(lastLine(found.out));
    expect(lastLine(found.out)).toMatch(/^trace-hash: [0-9a-f]{64}$/);
  });

  test('--strategy pct draws only PCT schedules, says so, and its replay command carries the flag and reproduces the hash', async () => {
    const found = await run('run', '--variant', 'legacy', '--runs', '200', '--seed', '3', '--no-corpus', '--strategy', 'pct');
    expect(found.code).toBe(1);
    expect(found.out).toMatch(/^strategy: +PCT only$/m);
    expect(found.out).toMatch(/^ {2}seed: 3 \(profile default, strategy pct\)$/m);
    const command = /replay: rollout-sim (.*)$/m.exec(found.out)![1];
    expect(command).toMatch(/^replay --variant legacy --profile default --strategy pct --seed 3 --path [\d:]+$/);
    const replayed = await run(...command.split(' '));
    expect(lastLine(replayed.out)).toBe(lastLine(found.out));
    // The same seed and path under the default mix name another scenario.
    const mixed = await run(...command.replace(' --strategy pct', '').split(' '));
    expect(lastLine(mixed.out)).not.toBe(lastLine(found.out));
  });

  test.each(['random', 'pct'] as const)('trace --strategy %s: every seed draws that strategy; mixed draws both', async (kind) => {
    const kinds = async (...flags: string[]) => {
      const seen = new Set<string>();
      for (let seed = 0; seed < 12; seed++) {
        const { out } = await run('trace', '--variant', 'reference', '--seed', String(seed), ...flags);
        seen.add(/strategy: (\w+)/.exec(out)![1]);
      }
      return [...seen].sort();
    };
    expect(await kinds('--strategy', kind)).toEqual([kind]);
    expect(await kinds()).toEqual(['pct', 'random']);
  });

  test('--strategy takes mixed, random or pct and names what it refused', async () => {
    const bad = await run('run', '--variant', 'reference', '--runs', '1', '--strategy', 'dfs');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--strategy is mixed or random or pct; got "dfs"/);
  });

  test('flag-only --runs 2000 exits 1 naming "no acknowledged item lost"', async () => {
    const found = await run('run', '--variant', 'flag-only', '--runs', '2000', '--seed', '5', '--no-corpus');
    expect(found.code).toBe(1);
    expect(found.out).toMatch(/FAILED no-acknowledged-item-lost/);
  });

  test('reference exits 0 with a summary of runs, steps, faults per kind, distinct schedules and failures', async () => {
    const held = await run('run', '--variant', 'reference', '--runs', '300', '--seed', '9', '--no-corpus');
    expect(held.code).toBe(0);
    expect(held.out).toMatch(/^runs: +300 generated/m);
    expect(held.out).toMatch(/^steps: +\d+/m);
    expect(held.out).toMatch(/^faults injected: +enospc \d+, eio-write \d+, torn-write \d+, short-write \d+, fsync-fail \d+, latency \d+, crash \d+/m);
    expect(held.out).toMatch(/^distinct schedules: +\d+/m);
    // By default one generated run in 50 is re-run and compared.
    expect(held.out).toMatch(/^determinism checks: 6 re-runs, 0 diverged$/m);
    expect(held.out).toMatch(/^failures: +0$/m);
  });

  test('--check-determinism N re-runs one generated run in N; 0 turns the sample off', async () => {
    const every = await run('run', '--variant', 'reference', '--runs', '20', '--seed', '9', '--no-corpus', '--check-determinism', '1');
    expect(every.code).toBe(0);
    expect(every.out).toMatch(/^determinism checks: 20 re-runs, 0 diverged$/m);
    const off = await run('run', '--variant', 'reference', '--runs', '20', '--seed', '9', '--no-corpus', '--check-determinism', '0');
    expect(off.out).toMatch(/^determinism checks: 0 re-runs, 0 diverged$/m);
  });

  test('--shard I/N runs its share of the runs with its own seed', async () => {
    const shard = await run('run', '--variant', 'reference', '--runs', '100', '--seed', '40', '--shard', '2/3', '--no-corpus');
    expect(shard.code).toBe(0);
    expect(shard.out).toMatch(/^seed: +41$/m);
    expect(shard.out).toMatch(/^runs: +33 generated/m);
  });

  describe('with files', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'rollout-sim-cli-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    test('--junit writes one test case per invariant, the violated one failed', async () => {
      const file = join(dir, 'report.xml');
      const result = await run('run', '--variant', 'flag-only', '--runs', '200', '--seed', '5', '--no-corpus', '--junit', file);
      expect(result.code).toBe(1);
      const xml = await readFile(file, 'utf8');
      expect(xml.match(/<testcase /g)).toHaveLength(6);
      expect(xml).toMatch(/<testcase classname="rollout-sim.flag-only" name="no-acknowledged-item-lost[^"]*">\s*<failure/);
    });

    test('a failure is saved to the corpus and replayed first on the next run', async () => {
      const corpus = join(dir, 'corpus.json');
      const first = await run('run', '--variant', 'legacy', '--runs', '200', '--seed', '5', '--corpus', corpus);
      expect(first.out).toMatch(/found by search/);
      expect(first.out).toContain(`saved to the regression corpus: ${corpus}`);
      const saved = JSON.parse(await readFile(corpus, 'utf8'));
      expect(saved.entries).toHaveLength(1);
      expect(saved.entries[0]).toMatchObject({ writer: 'legacy', seed: 5 });
      const second = await run('run', '--variant', 'legacy', '--runs', '200', '--seed', '77', '--corpus', corpus);
      expect(second.code).toBe(1);
      expect(second.out).toMatch(/\(regression corpus\)/);
      expect(second.out).toMatch(/^runs: +0 generated, 1 replayed from the regression corpus/m);
      expect(lastLine(second.out)).toBe(lastLine(first.out));
      const command = /replay: rollout-sim (.*)$/m.exec(second.out)![1];
      expect(command).toBe(`replay --variant legacy --profile default --corpus ${corpus} --entry ${saved.entries[0].id}`);
      const replayed = await run(...command.split(' '));
      expect(replayed.code).toBe(1);
      expect(lastLine(replayed.out)).toBe(lastLine(first.out));
      // The entry's scenario is stored whole, so the fixed recorder can be checked against it too.
      expect((await run('replay', '--variant', 'reference', '--corpus', corpus, '--entry', saved.entries[0].id)).code).toBe(0);
    });
  });

  test("a user's module is loaded with --recorder, and its failures replay with --recorder", async () => {
    const found = await run('run', '--recorder', 'examples/naive-jsonl-writer.ts', '--runs', '300', '--seed', '3', '--no-corpus');
    expect(found.code).toBe(1);
    const command = /replay: rollout-sim (.*)$/m.exec(found.out)![1];
    expect(command).toContain('--recorder examples/naive-jsonl-writer.ts');
    expect(lastLine((await run(...command.split(' '))).out)).toBe(lastLine(found.out));
  });

  test('--fs real runs the workloads over node:fs and reports without a replay command', async () => {
    const real = await run('run', '--variant', 'reference', '--runs', '5', '--seed', '1', '--fs', 'real');
    expect(real.code).toBe(0);
    expect(real.out).toMatch(/not deterministic/);
    expect(real.out).toMatch(/^failures: 0$/m);
    expect(real.out).not.toMatch(/replay:/);
  });
});

describe('bad arguments and bad modules exit 2 with a message naming what was wrong', () => {
  test.each([
    [['run', '--variant', 'nope'], /unknown recorder variant "nope"; known variants: legacy, flag-only, reference/],
    [['run', '--runs', 'many', '--variant', 'reference'], /--runs takes a whole number/],
    [['run', '--variant', 'reference', '--shard', '3/2'], /--shard takes I\/N/],
    [['run', '--variant', 'reference', '--seed', '1.5'], /--seed takes a 32-bit integer/],
    [['run', '--variant', 'reference', '--profile', 'wild'], /unknown profile "wild"/],
    [['run', '--variant', 'reference', '--fs', 'tmpfs'], /--fs is sim or real/],
    [['run', '--variant', 'reference', '--check-determinism', 'often'], /--check-determinism takes a whole number from 0 to 1000000; got "often"/],
    [['run', '--variant', 'reference', '--check-determinism', '-1'], /--check-determinism takes a whole number/],
    [['run'], /say which writer to test/],
    [['run', '--variant', 'legacy', '--recorder', 'x.ts'], /give one of --variant, --recorder or --target, not --variant and --recorder/],
    [['run', '--recorder', 'src/cli/fixtures/missing.ts'], /recorder module not found: src\/cli\/fixtures\/missing.ts/],
    [['run', '--recorder', 'src/cli/fixtures/incomplete-writer.ts'], /does not meet the writer contract: .*readBack is not a function/],
    [['run', '--recorder', 'src/cli/fixtures/no-export.ts'], /exports no writer/],
    [['replay', '--variant', 'legacy', '--seed', '1', '--path', 'a:b'], /--path takes a fast-check path/],
    [['replay', '--variant', 'legacy', '--profile', 'crash', '--seed', '11', '--path', '0:9999:9999'], /do not name a run of the crash profile's generator/],
    [['replay', '--variant', 'legacy', '--entry', 'nosuchentry'], /no entry "nosuchentry" in the regression corpus/],
    [['replay', '--variant', 'legacy'], /say which failure to replay/],
    [['frobnicate'], /unknown command/],
  ])('%j', async (args, message) => {
    const result = await run(...(args as string[]));
    expect(result.code).toBe(2);
    expect(result.err + result.out).toMatch(message);
  });
});
