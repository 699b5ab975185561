import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeTextFile } from '../env/node-env';
import { Corpus, memoryCorpusStore, type CorpusEntry } from './corpus';
import { formatFailure } from './failure';
import { runCampaign } from './campaign';
import { writerForVariant } from '../adapters/variants';
import { scenarioForSeed } from '../sim/scenario-arbitrary';
import { budgetFromEnv, BudgetError, DEFAULT_SUITE_SEED } from './budget';
import { shardPlan } from './campaign';
import { singleHandleScenario } from '../sim/scenario';
import { formatSummary } from './summary';

const entry = (id: string, writer = 'legacy'): CorpusEntry => ({
  id,
  writer,
  invariants: ['no-post-shutdown-throw'],
  seed: 1,
  path: '0',
  profile: 'default',
  scenario: scenarioForSeed(1),
});

describe('the regression corpus', () => {
  test('an absent or empty store is an empty corpus; entries are saved one per line and deduplicated', async () => {
    const store = memoryCorpusStore();
    const corpus = await Corpus.open(store);
    expect(corpus.entries).toEqual([]);
    expect(await corpus.add(entry('b'))).toBe(true);
    expect(await corpus.add(entry('a'))).toBe(true);
    expect(await corpus.add(entry('a'))).toBe(false);
    expect(await corpus.add(entry('a', 'flag-only'))).toBe(true);
    expect(store.text!.split('\n').filter((l) => l.startsWith('{"id"'))).toHaveLength(3);
    const reopened = await Corpus.open(store);
    expect(reopened.entries.map((e) => `${e.writer}/${e.id}`)).toEqual(['flag-only/a', 'legacy/a', 'legacy/b']);
  });

  test('corpus formats: a format-1 corpus (no format field, as 0.1.0 wrote it) is read, and a save writes format 2 keeping its entries', async () => {
    const bundled = await readFile(join(__dirname, '..', '..', 'corpus', 'regressions.json'), 'utf8');
    expect(bundled).not.toContain('"format"');
    const store = memoryCorpusStore(bundled);
    const corpus = await Corpus.open(store);
    const before = corpus.entries.length;
    expect(before).toBeGreaterThan(0);
    expect(await corpus.add(entry('fresh'))).toBe(true);
    expect(store.text!.startsWith('{"format": 2, "entries": [\n')).toBe(true);
    expect((await Corpus.open(store)).entries).toHaveLength(before + 1);
  });

  test.each([
    ['{"format": 3, "entries": []}', /was written by a newer rollout-sim \(corpus format 3\); this version reads formats 1 to 2: upgrade rollout-sim to replay it/],
    ['{"format": "two", "entries": []}', /format must be a whole number from 1; got "two"/],
  ])('a corpus of another format is refused, saying why, never misread: %s', async (text, why) => {
    await expect(Corpus.open(memoryCorpusStore(text))).rejects.toThrow(why);
  });

  test('a campaign replays the corpus first and stops at a regression there, before generating', async () => {
    const found = await runCampaign({ writer: writerForVariant('legacy'), ref: { variant: 'legacy' }, numRuns: 100, seed: 3 });
    const corpus = await Corpus.open(memoryCorpusStore());
    await corpus.add({ ...entry(found.failure!.run.hash.slice(0, 12)), scenario: found.failure!.scenario, path: found.failure!.path, seed: 3 });
    const again = await runCampaign({ writer: writerForVariant('legacy'), ref: { variant: 'legacy' }, numRuns: 100, seed: 99, corpus });
    expect(again.failure?.source).toBe('corpus');
    expect(again.failure?.run.hash).toBe(found.failure!.run.hash);
    expect(again.stats.runs).toBe(0);
    expect(again.corpusReplayed).toBe(1);
    // Another writer's regression is not this writer's to replay: skipped and counted.
    const reference = await runCampaign({ writer: writerForVariant('reference'), ref: { variant: 'reference' }, numRuns: 10, seed: 99, corpus });
    expect(reference.failure).toBeUndefined();
    expect(reference.corpusReplayed).toBe(0);
    expect(reference.stats.corpusSkippedBy['other-writer']).toBe(1);
  });
});

test("an entry the writer cannot run (a session scenario, a writer without a session) is skipped and counted, never an error", async () => {
  const { writer: naive } = await import('../../examples/naive-jsonl-writer');
  const corpus = await Corpus.open(memoryCorpusStore());
  const sessionScenario = { ...singleHandleScenario([]), workload: { actors: [{ kind: 'shutdown' as const, name: 'sd1', via: 'session' as const }] } };
  await corpus.add({ ...entry('needs-session', naive.name), scenario: sessionScenario });
  const result = await runCampaign({ writer: naive, ref: { recorder: 'examples/naive-jsonl-writer.ts' }, numRuns: 5, seed: 1, corpus });
  expect(result.failure?.run.end.kind).not.toBe('contract-error');
  expect(result.corpusReplayed).toBe(0);
  expect(result.stats.corpusSkipped).toBe(1);
  expect(formatSummary(result)).toMatch(/0 replayed from the regression corpus, 1 skipped \(1 needing a session this writer has not\)/);
});

describe("a campaign replays only its own writer's and profile's entries; the others are skipped and counted", () => {
  // A scenario every recorder variant passes: one append, then a shutdown, in FIFO order.
  const holds = singleHandleScenario([{ kind: 'append', durable: 1, transient: 0 }]);
  const at = (id: string, writer: string, profile?: CorpusEntry['profile']): CorpusEntry => {
    const e: CorpusEntry = { ...entry(id, writer), scenario: holds };
    if (profile) e.profile = profile;
    else delete e.profile; // saved before profiles were recorded: means default
    return e;
  };

  test('by writer and profile, an entry without a profile counting as default', async () => {
    const corpus = await Corpus.open(memoryCorpusStore());
    for (const e of [at('a', 'reference', 'default'), at('b', 'reference'), at('c', 'reference', 'crash'), at('d', 'legacy', 'default'), at('e', 'naive-jsonl')]) {
      await corpus.add(e);
    }
    const result = await runCampaign({ writer: writerForVariant('reference'), ref: { variant: 'reference' }, numRuns: 1, seed: 1, corpus });
    expect(result.failure).toBeUndefined();
    expect(result.corpusReplayed).toBe(2);
    expect(result.stats.corpusSkippedBy).toEqual({ 'other-writer': 2, 'other-profile': 1, 'needs-session': 0 });
    const summary = formatSummary(result);
    expect(summary).toMatch(/^runs: +1 generated, 2 replayed from the regression corpus, 3 skipped \(2 other writers', 1 other profiles'\)$/m);
    expect(summary).toMatch(/^regression corpus: +<memory>$/m);
    const crash = await runCampaign({ writer: writerForVariant('reference'), ref: { variant: 'reference' }, numRuns: 1, seed: 1, profile: 'crash', corpus });
    expect(crash.corpusReplayed).toBe(1);
    expect(formatSummary(crash)).toMatch(/^profile: +crash$/m);
    expect(crash.stats.corpusSkippedBy).toEqual({ 'other-writer': 2, 'other-profile': 2, 'needs-session': 0 });
  });

  test("a failure is saved with its profile, names it in its seed, path and replay command, and fails again only under that profile", async () => {
    const corpus = await Corpus.open(memoryCorpusStore());
    const legacy = { writer: writerForVariant('legacy'), ref: { variant: 'legacy' } };
    const found = await runCampaign({ ...legacy, numRuns: 200, seed: 5, profile: 'recorder', corpus });
    expect(found.savedToCorpus).toBe(true);
    expect(corpus.entries).toHaveLength(1);
    expect(corpus.entries[0]).toMatchObject({ writer: 'legacy', profile: 'recorder', seed: 5, path: found.failure!.path });
    const report = formatFailure(found.failure!);
    expect(report).toMatch(/^ {2}seed: 5 \(profile recorder\)$/m);
    expect(report).toMatch(new RegExp(`^  path: ${found.failure!.path} \\(profile recorder\\)$`, 'm'));
    expect(found.failure!.replayCommand).toBe(`rollout-sim replay --variant legacy --profile recorder --seed 5 --path ${found.failure!.path}`);

    const again = await runCampaign({ ...legacy, numRuns: 200, seed: 77, profile: 'recorder', corpus });
    expect(again.failure?.source).toBe('corpus');
    expect(again.failure?.profile).toBe('recorder');
    expect(formatFailure(again.failure!)).toMatch(/^ {2}seed: 5 \(profile recorder\)$/m);
    expect(again.failure!.replayCommand).toBe(`rollout-sim replay --variant legacy --profile recorder --corpus '<memory>' --entry ${corpus.entries[0].id}`);

    const otherProfile = await runCampaign({ ...legacy, numRuns: 1, seed: 1, profile: 'session', corpus });
    expect(otherProfile.corpusReplayed).toBe(0);
    expect(otherProfile.stats.corpusSkippedBy['other-profile']).toBe(1);
  });
});

describe('campaigns saving to one corpus file at once lose no entry', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rollout-sim-corpus-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('corpus instances opened before any save, saving interleaved in one process', async () => {
    const file = join(dir, 'corpus.json');
    const corpora = await Promise.all([1, 2, 3, 4, 5, 6].map(() => Corpus.open(nodeTextFile(file))));
    const added = await Promise.all(corpora.flatMap((c, i) => [0, 1, 2].map((j) => c.add(entry(`w${i}e${j}`)))));
    expect(added.every(Boolean)).toBe(true);
    const saved = await Corpus.open(nodeTextFile(file));
    expect(saved.entries.map((e) => e.id).sort()).toEqual(corpora.flatMap((_, i) => [0, 1, 2].map((j) => `w${i}e${j}`)).sort());
    expect(await readdir(dir)).toEqual(['corpus.json']);
  });

  test('three processes, each having opened the corpus, saving six entries each at the same time', async () => {
    const file = join(dir, 'corpus.json');
    const [processes, perProcess] = [3, 6];
    const children = Array.from({ length: processes }, (_, i) =>
      spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'fixtures', 'save-corpus-entries.ts'), file, `p${i}x`, String(perProcess)], {
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const exits = children.map((c) => new Promise<number | null>((resolve) => c.once('exit', (code) => resolve(code))));
    await Promise.all(children.map((c) => new Promise((resolve) => c.stdout!.once('data', resolve))));
    for (const c of children) c.stdin!.end('go\n');
    expect(await Promise.all(exits)).toEqual(Array(processes).fill(0));
    const saved = JSON.parse(await readFile(file, 'utf8')) as { entries: CorpusEntry[] };
    const expected = children.flatMap((_, i) => Array.from({ length: perProcess }, (__, j) => `p${i}x${j}`));
    expect(saved.entries.map((e) => e.id).sort()).toEqual(expected.sort());
    expect(await readdir(dir)).toEqual(['corpus.json']);
  });
});

describe('budgets from the environment', () => {
  test('defaults, and each variable in fast-check terms', () => {
    expect(budgetFromEnv({ numRuns: 300 }, {})).toEqual({ numRuns: 300, seed: DEFAULT_SUITE_SEED });
    expect(
      budgetFromEnv({ numRuns: 300 }, { ROLLOUT_SIM_RUNS: '5000', ROLLOUT_SIM_SEED: '-7', ROLLOUT_SIM_PATH: '3:0:1', ROLLOUT_SIM_TIME_LIMIT: '60' }),
    ).toEqual({ numRuns: 5000, seed: -7, path: '3:0:1', interruptAfterTimeLimit: 60_000 });
  });

  test.each([
    [{ ROLLOUT_SIM_RUNS: 'lots' }, /ROLLOUT_SIM_RUNS must be a whole number/],
    [{ ROLLOUT_SIM_RUNS: '0' }, /ROLLOUT_SIM_RUNS must be a whole number from 1/],
    [{ ROLLOUT_SIM_SEED: '1.5' }, /ROLLOUT_SIM_SEED/],
    [{ ROLLOUT_SIM_PATH: 'a:b' }, /ROLLOUT_SIM_PATH must look like/],
    [{ ROLLOUT_SIM_TIME_LIMIT: '-1' }, /ROLLOUT_SIM_TIME_LIMIT/],
  ])('%j is refused, naming the variable', (env, message) => {
    expect(() => budgetFromEnv({ numRuns: 1 }, env)).toThrow(BudgetError);
    expect(() => budgetFromEnv({ numRuns: 1 }, env)).toThrow(message);
  });
});

test('shards split the runs without loss and each takes its own seed', () => {
  const plans = [1, 2, 3].map((index) => shardPlan(100, 40, { index, count: 3 }));
  expect(plans.map((p) => p.numRuns)).toEqual([34, 33, 33]);
  expect(plans.map((p) => p.seed)).toEqual([40, 41, 42]);
  expect(shardPlan(100, 40)).toEqual({ numRuns: 100, seed: 40 });
});
