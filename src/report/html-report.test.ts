// The HTML report as a file: self-contained (nothing to fetch, a policy that forbids
// fetching), the same bytes for the same run, a view of exactly the hashed trace lines,
// and every piece of a user's data in it as text, never as markup. What it says about the
// file and the items is checked on real runs: a torn tail after a crash, an item lost
// after its acknowledgement, an item written twice. (Drawn and clicked in a real browser
// in html-report.browser.test.ts.)
import { writerForVariant } from '../adapters/variants';
import type { FileHandle } from '../env/env';
import { checkAll, type Violation } from '../invariants/index';
import type { Fault } from '../sim/fault-plan';
import { fileFacts } from '../sim/file-facts';
import { singleHandleScenario } from '../sim/scenario';
import { hashOfLines } from '../sim/trace';
import { simulate, type RunResult } from '../sim/simulation';
import type { HandleOp } from '../sim/workload';
import type { LogHandle, LogWriterFactory } from '../sim/writer-contract';
import { writer as naive } from '../../examples/naive-jsonl-writer';
import { htmlReport, REPORT_FORMAT, ReportError, traceJsonl, type ReportData } from './html-report';
import { runFactsOf, type ReportOrigin } from './run-facts';
import { runReportHtml } from './run-report';

const OPS: readonly HandleOp[] = [{ kind: 'append', durable: 2, transient: 0 }, { kind: 'flush' }, { kind: 'append', durable: 3, transient: 0 }];
const ORIGIN: ReportOrigin = { writer: '--variant reference', seed: 42, profile: 'crash', strategy: 'mixed', replayCommand: 'rollout-sim trace --variant reference --profile crash --seed 42' };

/** The run of OPS, cut by a crash right after its last write keeping `keep`‰ of what was not synced. */
async function crashedAfterLastWrite(writer: LogWriterFactory, keep: number): Promise<RunResult> {
  const clean = await simulate(writer, singleHandleScenario(OPS, [], 42));
  const lastWrite = clean.trace.entries.filter((e) => e.kind === 'fs' && e.op === 'write').at(-1)!.step;
  return simulate(writer, singleHandleScenario(OPS, [{ kind: 'crash', step: lastWrite + 1, keep }], 42));
}

function dataOf(html: string): ReportData {
  const block = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  expect(block).not.toBeNull();
  return JSON.parse(block![1]) as ReportData;
}

/** A JSONL writer (the naive example's reader) whose appends and flush misbehave as asked. */
function misbehaving(name: string, how: { writeTwice?: boolean; skipSync?: boolean }): LogWriterFactory {
  return {
    name,
    acknowledges: 'durable',
    async open(env, home) {
      const path = `${home}/log.jsonl`;
      let file: Promise<FileHandle> | undefined;
      const opened = () => (file ??= env.fs.mkdir(home, { recursive: true }).then(() => env.fs.open(path, 'a')));
      const handle: LogHandle = {
        clone: () => handle,
        append: async (items) => {
          const text = items.map((i) => `${JSON.stringify({ id: i.id })}\n`).join('');
          await (await opened()).write(Buffer.from(how.writeTwice ? text + text : text));
          return { status: 'queued' };
        },
        persist: async () => ({ status: 'ok' }),
        flush: async () => {
          if (!how.skipSync) await (await opened()).sync();
          return { status: 'ok' };
        },
        shutdown: async () => ({ status: 'ok' }),
      };
      return { handle, path };
    },
    readBack: naive.readBack,
  };
}

describe('the report file', () => {
  let run: RunResult;
  let html: string;
  beforeAll(async () => {
    run = await crashedAfterLastWrite(writerForVariant('reference'), 500);
    html = runReportHtml(run, ORIGIN, checkAll(run));
  });

  test('is the same bytes for the same run, simulated again', async () => {
    const again = await crashedAfterLastWrite(writerForVariant('reference'), 500);
    expect(runReportHtml(again, ORIGIN, checkAll(again))).toBe(html);
  });

  test('fetches nothing: a policy forbids it, and no element points anywhere', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\s(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\//);
  });

  test('carries the trace lines exactly as hashed: they hash to the run\'s trace hash, shown on the page', () => {
    const data = dataOf(html);
    expect(data.report).toEqual(REPORT_FORMAT);
    expect(hashOfLines(data.lines)).toBe(run.hash);
    expect(data.lines.join('\n') + '\n').toBe(run.trace.toJsonLines());
    expect(html).toContain(`<dd class="mono" data-field="trace hash">${run.hash}</dd>`);
  });

  test('refuses trace lines that are not the run\'s', () => {
    const facts = runFactsOf(run, ORIGIN, []);
    const other = traceJsonl(run).replace('"kind":"end"', '"kind":"end","x":1');
    expect(() => htmlReport(other, facts, run.hash)).toThrow(ReportError);
    expect(() => htmlReport(other, facts, run.hash)).toThrow(/hash to [0-9a-f]{64}, not to the run's trace hash/);
  });

  test('lists only the file the trace hashed: other bytes under the same path are refused', () => {
    const other = runFactsOf({ ...run, file: fileFacts(Buffer.from('{"id":"h1.0"}\n')) }, ORIGIN, []);
    expect(() => htmlReport(traceJsonl(run), other, run.hash)).toThrow(/^the file listed \(.*, content hash [0-9a-f]{16}\) is not the one the trace's file entry hashed \([0-9a-f]{16}\)$/);
  });

  test('marks as failing the earliest step a violation broke at, whatever order they are listed in', () => {
    const at = (step: number): Violation => ({ invariant: 'no-post-shutdown-throw', message: `at ${step}`, at: { step, actor: 'h1' } });
    const ended: Violation = { invariant: 'replay-equals-history', message: 'judged at the end' };
    const failing = (violations: Violation[]) => dataOf(htmlReport(traceJsonl(run), runFactsOf(run, ORIGIN, violations), run.hash)).failingStep;
    expect(failing([ended, at(4), at(3), at(5)])).toBe(3);
    expect(failing([ended])).toBe(dataOf(html).swimlanes.end.step);
    expect(failing([])).toBeUndefined();
  });

  test('draws the crash cut with the bytes it kept and lost', () => {
    const cut = run.trace.entries.find((e) => e.kind === 'cut')!;
    expect(cut).toMatchObject({ keptBytes: expect.any(Number), lostBytes: expect.any(Number) });
    if (cut.kind !== 'cut') return;
    expect(html).toContain(`${cut.durableBytes} bytes durable; of the unsynced bytes, ${cut.keptBytes} kept and ${cut.lostBytes} lost`);
    expect(dataOf(html).swimlanes.cut?.step).toBe(cut.step);
  });

  test('lists the file as it ended: the durable prefix, lines past it, the torn tail the reader reported', () => {
    // The flush made the meta line and two items durable; the crash kept one more line and half of another.
    const rows = [...html.matchAll(/<tr class="([^"]*)" data-line="(\d+)">/g)].map((m) => [Number(m[2]), m[1]]);
    expect(rows).toEqual([
      [1, 'durable'],
      [2, 'durable'],
      [3, 'durable'],
      [4, 'volatile'],
      [5, 'volatile torn reported'],
    ]);
    expect(html).toContain('not durable; torn tail (no newline); reported by the reader');
  });

  test('says for each item whether it was required and whether the file holds it, and what each acknowledgement promised', () => {
    const facts = runFactsOf(run, ORIGIN, []);
    expect(facts.items.map((i) => [i.id, i.status, i.requiredBecause !== undefined])).toEqual([
      ['h1.0', 'present', true],
      ['h1.1', 'present', true],
      ['h1.2', 'present', false],
      ['h1.3', 'absent', false],
      ['h1.4', 'absent', false],
    ]);
    expect(facts.items[0].requiredBecause).toMatch(/^h1's flush at step \d+ reported it durable$/);
    expect(facts.acks).toEqual([expect.objectContaining({ actor: 'h1', op: 'flush', promised: ['h1.0', 'h1.1'], promisedCount: 2 })]);
  });
});

test('a line the disk holds otherwise -- pages a failed fsync dropped, written as NULs by the next -- is not shown durable', async () => {
  const ops: HandleOp[] = [{ kind: 'append', durable: 1, transient: 0 }, { kind: 'flush' }, { kind: 'append', durable: 1, transient: 0 }, { kind: 'flush' }];
  const run = await simulate(misbehaving('syncs-again', {}), singleHandleScenario(ops, [{ kind: 'fsync-fail', sync: 0, pages: 'dropped' }], 42));
  const lines = runFactsOf(run, ORIGIN, []).file!.lines;
  expect(run.trace.entries.filter((e) => e.kind === 'fs' && e.op === 'fsync').map((e) => e.kind === 'fs' && e.result)).toEqual(['error EIO', expect.stringMatching(/^durable /)]);
  // The first line's pages were dropped by the failed fsync; the second fsync made the second line durable.
  expect(lines.map((l) => [l.text, l.durable])).toEqual([
    ['{"id":"h1.0"}', 'differs'],
    ['{"id":"h1.1"}', 'yes'],
  ]);
  const html = htmlReport(traceJsonl(run), runFactsOf(run, ORIGIN, []), run.hash);
  expect(html).toContain('<tr class="volatile" data-line="1">');
  expect(html).toContain('on disk it reads otherwise (pages a failed fsync dropped, or bytes since rewritten)');
});

describe('items a failing writer lost or doubled', () => {
  test('an item an acknowledgement promised and a crash then lost is missing, listed first, with why it was required', async () => {
    const faults: Fault[] = [{ kind: 'crash-after-ack', ack: 0, after: 0, keep: 0 }];
    const run = await simulate(misbehaving('flush-without-fsync', { skipSync: true }), singleHandleScenario(OPS, faults, 42));
    const violations = checkAll(run);
    expect(violations.map((v) => v.invariant)).toContain('no-acknowledged-item-lost');
    const facts = runFactsOf(run, ORIGIN, violations);
    expect(facts.items.slice(0, 2).map((i) => [i.id, i.status])).toEqual([
      ['h1.0', 'missing'],
      ['h1.1', 'missing'],
    ]);
    expect(facts.itemCounts.missing).toBe(2);
    expect(facts.violations[0]).toMatchObject({ invariant: 'no-acknowledged-item-lost', statement: 'No acknowledged item is lost.' });
  });

  test('an item the reader finds twice is duplicated', async () => {
    const run = await simulate(misbehaving('writes-twice', { writeTwice: true }), singleHandleScenario(OPS, [], 42));
    const facts = runFactsOf(run, ORIGIN, checkAll(run));
    expect(facts.items.map((i) => [i.id, i.status, i.found])).toEqual(['h1.0', 'h1.1', 'h1.2', 'h1.3', 'h1.4'].map((id) => [id, 'duplicated', 2]));
    expect(facts.violations.map((v) => v.invariant)).toContain('replay-equals-history');
  });
});

test('a user\'s text -- a violation message, a line of the file -- goes into the page as text, never as markup', async () => {
  const run = await crashedAfterLastWrite(writerForVariant('reference'), 500);
  const hostile = '</script><img src=x onerror="alert(1)"><b>bold</b> \u2028';
  const violation: Violation = { invariant: 'replay-equals-history', message: hostile, at: { step: 1, actor: 'h1' } };
  const facts = runFactsOf(run, { ...ORIGIN, replayCommand: `rollout-sim replay --recorder '${hostile}'` }, [violation]);
  facts.file!.lines[0] = { ...facts.file!.lines[0], text: hostile };
  const html = htmlReport(traceJsonl(run), facts, run.hash);
  expect(html).not.toContain('<img');
  expect(html).not.toContain('<b>bold');
  expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  // The data block cannot be closed early by what it carries.
  expect(html.split('</script>')).toHaveLength(3);
  expect(dataOf(html).violations[0].message).toBe(hostile);
});
