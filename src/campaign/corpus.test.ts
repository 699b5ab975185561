import { Corpus, CorpusFormatError, memoryCorpusStore, type CorpusEntry } from './corpus';
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

  test.each([
    ['{not json', /is not valid: .*JSON/],
    ['{"list": []}', /expected \{"entries": \[\.\.\.\]\}/],
    ['{"entries": [{"id": "x"}]}', /entry 0 lacks id, writer, invariants or scenario/],
  ])('a corrupt corpus %p is refused with a clear error', async (text, message) => {
    await expect(Corpus.open(memoryCorpusStore(text))).rejects.toThrow(CorpusFormatError);
    await expect(Corpus.open(memoryCorpusStore(text))).rejects.toThrow(message);
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
    const reference = await runCampaign({ writer: writerForVariant('reference'), ref: { variant: 'reference' }, numRuns: 10, seed: 99, corpus });
    expect(reference.failure).toBeUndefined();
    expect(reference.corpusReplayed).toBe(1);
  });
});

test("an entry the writer cannot run (a session scenario, a writer without a session) is skipped and counted, never an error", async () => {
  const { writer: naive } = await import('../../examples/naive-jsonl-writer');
  const corpus = await Corpus.open(memoryCorpusStore());
  const sessionScenario = { ...singleHandleScenario([]), workload: { actors: [{ kind: 'shutdown' as const, name: 'sd1', via: 'session' as const }] } };
  await corpus.add({ ...entry('needs-session'), scenario: sessionScenario });
  const result = await runCampaign({ writer: naive, ref: { recorder: 'examples/naive-jsonl-writer.ts' }, numRuns: 5, seed: 1, corpus });
  expect(result.failure?.run.end.kind).not.toBe('contract-error');
  expect(result.corpusReplayed).toBe(0);
  expect(result.stats.corpusSkipped).toBe(1);
  expect(formatSummary(result)).toMatch(/0 replayed from the regression corpus \(1 skipped: needs a session this writer has not\)/);
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
