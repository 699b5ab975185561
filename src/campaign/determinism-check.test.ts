// The nondeterminism detector, end to end: writers that reach past their env -- for
// random content, for the wall clock, for a real timer -- are each caught by a campaign as
// a `determinism` failure naming the first step at which the two runs part, with both
// sides; the reference recorder and a writer that stamps with the env's clock never are.
import { writerForVariant } from '../adapters/variants';
import type { Env, FileHandle } from '../env/env';
import { simulate } from '../sim/simulation';
import { singleHandleScenario } from '../sim/scenario';
import type { CallOutcome, LogHandle, LogWriterFactory, SimItem } from '../sim/writer-contract';
import { writer as naiveWriter } from '../../examples/naive-jsonl-writer';
import { replayFailure, runCampaign, type CampaignResult } from './campaign';
import { Corpus, memoryCorpusStore } from './corpus';
import { DEFAULT_DETERMINISM_CHECK, DeterminismSampler, rerunAndCompare } from './determinism-check';
import { formatSummary } from './summary';

/** What a line says about its item, beyond its id. */
type Stamp = (id: string, env: Env) => Record<string, unknown>;

/**
 * A small JSONL writer, correct under crashes: each append is written at once (short
 * writes continued) after the calls before it, flush and shutdown fsync, calls after
 * shutdown began are `closed`.
 * `beforeSync` runs before every flush's fsync (a group-commit wait, say).
 */
function stampedWriter(name: string, stamp: Stamp, beforeSync: () => Promise<void> = async () => undefined): LogWriterFactory {
  return {
    name,
    async open(env: Env, home: string) {
      const path = `${home}/logs/${name}.jsonl`;
      let file: Promise<FileHandle> | undefined;
      let shutdown: Promise<CallOutcome> | undefined;
      const handle = () => (file ??= env.fs.mkdir(`${home}/logs`, { recursive: true }).then(() => env.fs.open(path, 'a', 0o600)));
      // One operation at a time, in call order: a burst's appends land in the caller's order.
      let tail: Promise<unknown> = Promise.resolve();
      const outcome = (body: () => Promise<void>, ok: CallOutcome): Promise<CallOutcome> => {
        const run = tail.then(async (): Promise<CallOutcome> => {
          try {
            await body();
            return ok;
          } catch (err) {
            return { status: 'failed', message: err instanceof Error ? err.message : String(err) };
          }
        });
        tail = run;
        return run;
      };
      const append = async (items: readonly SimItem[]): Promise<CallOutcome> => {
        if (shutdown) return { status: 'closed' };
        const lines = items.filter((i) => i.durable).map((i) => JSON.stringify({ id: i.id, ...stamp(i.id, env) }) + '\n');
        if (lines.length === 0) return { status: 'filtered' };
        return outcome(async () => {
          const h = await handle();
          let bytes = Buffer.from(lines.join(''));
          while (bytes.length > 0) bytes = bytes.subarray((await h.write(bytes)).bytesWritten);
        }, { status: 'queued' });
      };
      // A failed fsync is sticky: Linux may have dropped the pages a later fsync would claim.
      let syncFailed: unknown;
      const sync = async (h: FileHandle) => {
        if (syncFailed !== undefined) throw new Error(`an earlier fsync failed: ${String(syncFailed)}`);
        await h.sync().catch((err: unknown) => {
          syncFailed = err;
          throw err;
        });
      };
      const flush = async (): Promise<CallOutcome> => {
        if (shutdown) return { status: 'closed' };
        return outcome(async () => {
          const h = await handle();
          await beforeSync();
          await sync(h);
        }, { status: 'ok' });
      };
      const close = (): Promise<CallOutcome> =>
        (shutdown ??= outcome(async () => {
          const h = await handle();
          try {
            await sync(h);
          } finally {
            await h.close();
          }
        }, { status: 'ok' }));
      const logHandle = (): LogHandle => ({ clone: logHandle, append, persist: flush, flush, shutdown: close });
      return { handle: logHandle(), path };
    },
    // The same one-object-per-line format as the example writer: its reader (torn tail reported) serves.
    readBack: naiveWriter.readBack,
  };
}

/** Stamps lines with the env's clock: deterministic, the control. */
const envClockWriter = stampedWriter('env-clock-stamps', (_id, env) => ({ at: env.clock.now() }));
/** A random nonce per line. */
const randomWriter = stampedWriter('random-nonce', () => ({ nonce: Math.random() }));
/** Stamps lines with the wall clock. */
const wallClockWriter = stampedWriter('wall-clock-stamps', () => ({ at: Date.now() }));
/** Group commit on a real timer: a flush waits a millisecond of real time for more items before it fsyncs. */
const realTimerWriter = stampedWriter(
  'real-timer-group-commit',
  () => ({}),
  () => new Promise((resume) => setTimeout(resume, 1)),
);

/**
 * A crash-profile campaign that checks determinism alone: these small writers are not
 * meant to survive every fault the profile injects, and this file is about what the
 * re-run sees, not about their other bugs.
 */
const campaign = (writer: LogWriterFactory, numRuns: number, checkDeterminism: number, seed = 11): Promise<CampaignResult> =>
  runCampaign({ writer, ref: { recorder: `${writer.name}.ts` }, numRuns, seed, profile: 'crash', checkDeterminism, invariants: [] });

/** The failure's determinism violation, split into its three lines: headline, first run, re-run. */
function determinismFailure(result: CampaignResult): { headline: string; first: string; rerun: string } {
  expect(result.failure?.invariants).toEqual(['determinism']);
  const [v] = result.failure!.violations;
  const [headline, first, rerun] = v.message.split('\n').map((l) => l.trim());
  expect(headline).toMatch(/^two runs of the same scenario differ, first at step \d+ \(trace entry \d+, (event|file state)\)/);
  expect(first).toMatch(/^first run: /);
  expect(rerun).toMatch(/^re-run: {4}/);
  return { headline, first: first.replace(/^first run: /, ''), rerun: rerun.replace(/^re-run: +/, '') };
}

const STEP = /^# *(\d+) t\+ *\d+ms/;

describe('writers that reach past their env are caught as determinism failures', () => {
  test('Math.random in the content: the first write carries other bytes in the re-run', async () => {
    const result = await campaign(randomWriter, 20, 1);
    const { headline, first, rerun } = determinismFailure(result);
    expect(first).toMatch(/fs write \/home\/agent\/logs\/random-nonce\.jsonl by \w+ \(io:\d+ from #\d+\): \d+\/\d+ bytes, data [0-9a-f]{16}$/);
    expect(rerun).toMatch(/fs write \/home\/agent\/logs\/random-nonce\.jsonl by \w+ \(io:\d+ from #\d+\): \d+\/\d+ bytes, data [0-9a-f]{16}$/);
    expect(first).not.toBe(rerun);
    // The headline names the step both sides are at.
    expect(headline).toContain(`first at step ${STEP.exec(first)?.[1]} `);
    expect(STEP.exec(rerun)?.[1]).toBe(STEP.exec(first)?.[1]);
    expect(result.stats.determinismDivergences).toBeGreaterThanOrEqual(1);
  });

  test('a determinism failure has the usual replay command, and replaying it finds the divergence again', async () => {
    const result = await campaign(randomWriter, 20, 1);
    const failure = result.failure!;
    expect(failure.replayCommand).toBe(`rollout-sim replay --recorder random-nonce.ts --profile crash --seed 11 --path ${failure.path}`);
    const again = await replayFailure(randomWriter, { recorder: 'random-nonce.ts' }, { seed: 11, path: failure.path, profile: 'crash' });
    expect(again?.invariants).toEqual(['determinism']);
    expect(again?.scenario).toEqual(failure.scenario);
  });

  test('Date.now in the content: same sizes, other bytes -- the write data hash names the step', async () => {
    const result = await campaign(wallClockWriter, 20, 1);
    const { first, rerun } = determinismFailure(result);
    const sizes = (side: string) => /: (\d+\/\d+) bytes, data ([0-9a-f]{16})$/.exec(side);
    const [a, b] = [sizes(first), sizes(rerun)];
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(a![1]).toBe(b![1]); // 13-digit millisecond stamps: the same length...
    expect(a![2]).not.toBe(b![2]); // ...but not the same bytes
    expect(formatSummary(result)).toMatch(/^determinism checks: \d+ re-runs, [1-9]\d* diverged$/m);
  });

  test('a real setTimeout: the first run is woken after it ended, the re-run, compared at once, is not', async () => {
    const result = await campaign(realTimerWriter, 20, 1);
    const { first, rerun } = determinismFailure(result);
    expect(first).toMatch(/fs fsync \/home\/agent\/logs\/real-timer-group-commit\.jsonl by \w+: called after the run ended$/);
    expect(rerun).toBe('(no entry: this trace ends here)');
    // The reported run is the one that diverged: its trace shows the late call after the end.
    const text = result.failure!.run.trace.toText();
    expect(text.indexOf('called after the run ended')).toBeGreaterThan(text.indexOf('end: '));
  });

  test('a divergence found only by the sample is shrunk, and every shrinking candidate is re-run', async () => {
    // The wall-clock writer keeps every per-run invariant: only the re-run can catch it.
    const result = await campaign(wallClockWriter, 50, 1);
    expect(result.failure?.invariants).toEqual(['determinism']);
    expect(result.stats.failures).toBe(1);
    expect(result.stats.shrinkRuns).toBeGreaterThan(0);
    // One re-run per generated run up to the failure, one per shrinking candidate, one for the report.
    expect(result.stats.determinismChecks).toBe(result.stats.runs + result.stats.shrinkRuns + 1);
    const calls = result.failure!.scenario.workload.actors.flatMap((a) => (a.kind === 'shutdown' ? ['shutdown'] : a.ops.map((op) => op.kind)));
    expect(calls.length).toBeLessThanOrEqual(3);
  });

  test('with sampling off, a writer that passes every per-run invariant goes unseen: the sample is what catches it', async () => {
    const result = await campaign(wallClockWriter, 30, 0);
    expect(result.failure).toBeUndefined();
    expect(result.stats.determinismChecks).toBe(0);
  });

  test('a corpus failure is replayed before it is reported, and reported as the divergence it is', async () => {
    const corpus = await Corpus.open(memoryCorpusStore());
    // A scenario whose flush waits on the real timer: a liveness failure in the simulator.
    const scenario = singleHandleScenario([{ kind: 'append', durable: 1, transient: 0 }, { kind: 'flush' }]);
    await corpus.add({ id: 'timer', writer: realTimerWriter.name, invariants: ['liveness'], seed: 0, path: '0', scenario });
    const result = await runCampaign({ writer: realTimerWriter, ref: { recorder: 'w.ts' }, numRuns: 10, seed: 1, corpus, checkDeterminism: 0 });
    expect(result.failure?.source).toBe('corpus');
    const { first, rerun } = determinismFailure(result);
    // The timer wakes the flush after the run ended: its fsync comes then, on the first run only.
    expect(first).toMatch(/fs fsync \/home\/agent\/logs\/real-timer-group-commit\.jsonl by \w+: called after the run ended$/);
    expect(rerun).toBe('(no entry: this trace ends here)');
    expect(result.failure!.run.end.kind).toBe('liveness');
    expect(result.stats.determinismChecks).toBe(1);
  });
});

describe('writers driven only by their env are never flagged', () => {
  test('the reference recorder: every run re-run and compared, under the default and crash profiles', async () => {
    for (const profile of ['default', 'crash'] as const) {
      const result = await runCampaign({ writer: writerForVariant('reference'), ref: { variant: 'reference' }, numRuns: 80, seed: 5, profile, checkDeterminism: 1 });
      expect(result.failure).toBeUndefined();
      expect(result.stats.runs).toBe(80);
      expect(result.stats.determinismChecks).toBe(80);
      expect(result.stats.determinismDivergences).toBe(0);
    }
  });

  test('a writer that stamps lines with the env clock holds, every run re-run', async () => {
    const result = await campaign(envClockWriter, 100, 1);
    expect(result.failure).toBeUndefined();
    expect(result.stats.determinismChecks).toBe(100);
    expect(formatSummary(result)).toMatch(/^determinism checks: 100 re-runs, 0 diverged$/m);
  });

  test('a deterministic failure is replayed and reported as itself, not as a divergence', async () => {
    const result = await runCampaign({ writer: writerForVariant('legacy'), ref: { variant: 'legacy' }, numRuns: 200, seed: 5, checkDeterminism: 1 });
    expect(result.failure).toBeDefined();
    expect(result.failure!.invariants).not.toContain('determinism');
    expect(result.stats.determinismDivergences).toBe(0);
  });
});

describe('rerunAndCompare and the sampler', () => {
  test('the re-run starts at least 2 ms of wall-clock time after the first run ended', async () => {
    const stamps: number[] = [];
    const writer = stampedWriter('records-wall-clock', () => {
      stamps.push(Date.now());
      return {};
    });
    const scenario = singleHandleScenario([{ kind: 'append', durable: 1, transient: 0 }]);
    const first = await simulate(writer, scenario);
    const firstStamps = stamps.length;
    const { rerun, violations } = await rerunAndCompare(writer, first);
    expect(violations).toEqual([]); // the stamps never reach the file here
    expect(rerun.hash).toBe(first.hash);
    expect(Math.min(...stamps.slice(firstStamps))).toBeGreaterThanOrEqual(Math.max(...stamps.slice(0, firstStamps)) + 2);
  });

  test('one run in N is sampled, the first included; after a divergence, every run', () => {
    const sampler = new DeterminismSampler(3);
    expect(Array.from({ length: 7 }, () => sampler.next())).toEqual([true, false, false, true, false, false, true]);
    sampler.recordDivergence();
    expect([sampler.next(), sampler.next()]).toEqual([true, true]);
    const off = new DeterminismSampler(0);
    expect([off.next(), off.next()]).toEqual([false, false]);
    expect(() => new DeterminismSampler(-1)).toThrow(/checkDeterminism must be a whole number >= 0; got -1/);
    expect(DEFAULT_DETERMINISM_CHECK).toBeGreaterThan(1);
  });

  test('by default a campaign re-runs a sample: one run in DEFAULT_DETERMINISM_CHECK', async () => {
    const result = await runCampaign({ writer: writerForVariant('reference'), ref: { variant: 'reference' }, numRuns: 2 * DEFAULT_DETERMINISM_CHECK, seed: 3 });
    expect(result.failure).toBeUndefined();
    expect(result.stats.determinismChecks).toBe(2);
  });
});
