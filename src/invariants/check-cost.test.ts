// The invariant checks are linear in calls and items: a run of 100,000 calls must be
// checked in about a hundred times what a run of 1,000 takes. Cost is counted here, not
// timed: every read of a call record's fields is counted, and a check that looks at every
// call once per call (or once per durability point) reads far more than a few per call.
import { noFaultsFired } from '../sim/fault-plan';
import type { CallRecord, RunEnd, RunResult } from '../sim/simulation';
import { scenarioForSeed } from '../sim/scenario-arbitrary';
import { Trace } from '../sim/trace';
import type { ReadBack } from '../sim/writer-contract';
import { noAcknowledgedItemLost, replayEqualsHistory, type Invariant } from './index';

/** Field reads of call records a check may make per record: a handful of passes over the calls, each reading a few fields. */
const READS_PER_RECORD = 60;

function record(actor: string, op: CallRecord['op'], startStep: number, settledStep: number, status: 'queued' | 'ok', ids: string[] = []): CallRecord {
  return { actor, op, startStep, settledStep, outcome: { status }, items: ids.map((id) => ({ id, durable: true })) };
}

function runOf(calls: CallRecord[], fileIds: string[], end: RunEnd = { kind: 'completed' }): RunResult {
  const readBack: ReadBack = { present: true, itemIds: fileIds, metaFirst: true, reportedLines: [], endsWithNewline: true };
  return {
    writer: 'test',
    acknowledges: 'durable',
    scenario: scenarioForSeed(0),
    end,
    calls,
    steps: calls.length,
    trace: new Trace(),
    hash: '0',
    path: '/f',
    readBack,
    faultsFired: noFaultsFired(),
  };
}

/** The check's verdict and how many field reads of call records it made, in all and by field. */
function countedCheck(invariant: Invariant, run: RunResult): { verdict: ReturnType<Invariant['check']>; reads: number; byField: Map<PropertyKey, number> } {
  let reads = 0;
  const byField = new Map<PropertyKey, number>();
  const counted = run.calls.map(
    (c) =>
      new Proxy(c, {
        get(target, key, receiver) {
          reads++;
          byField.set(key, (byField.get(key) ?? 0) + 1);
          return Reflect.get(target, key, receiver);
        },
      }),
  );
  const verdict = invariant.check({ ...run, calls: counted });
  return { verdict, reads, byField };
}

/** Lookups keyed by an item id, in any Set or Map, while `check` runs. */
function itemIdLookups(ids: readonly string[], check: () => void): number {
  const isItemId = new Set(ids);
  const spies = [jest.spyOn(Set.prototype, 'has'), jest.spyOn(Set.prototype, 'add'), jest.spyOn(Map.prototype, 'get'), jest.spyOn(Map.prototype, 'set'), jest.spyOn(Map.prototype, 'has')];
  let keys: unknown[] = [];
  try {
    check();
    keys = spies.flatMap((spy) => spy.mock.calls.map(([key]) => key));
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return keys.filter((key) => isItemId.has(key as string)).length;
}

/** `appends` one-item appends by h1, each settled the step after it started, with an ok flush after every `every` of them, then a shutdown. */
function appendsAndFlushes(appends: number, every: number): { calls: CallRecord[]; ids: string[] } {
  const calls: CallRecord[] = [];
  const ids: string[] = [];
  let step = 0;
  for (let i = 0; i < appends; i++) {
    ids.push(`h1.${i}`);
    calls.push(record('h1', 'append', step, step + 1, 'queued', [`h1.${i}`]));
    step += 1;
    if ((i + 1) % every === 0) {
      calls.push(record('h1', 'flush', step, step + 2, 'ok'));
      step += 2;
    }
  }
  calls.push(record('sd1', 'shutdown', step, step + 3, 'ok'));
  return { calls, ids };
}

describe('no-acknowledged-item-lost is linear in calls', () => {
  test('each item call finds the durability point that covers it without walking the points', () => {
    const { calls, ids } = appendsAndFlushes(4_000, 4);
    const crashed: RunEnd = { kind: 'crashed', beforeStep: 100_000, files: [] };
    const { verdict, reads } = countedCheck(noAcknowledgedItemLost, runOf(calls, ids, crashed));
    expect(verdict).toEqual([]);
    expect(reads).toBeLessThan(READS_PER_RECORD * calls.length);
    // Still names the first point that covers a lost item.
    const lost = noAcknowledgedItemLost.check(runOf(calls, ids.filter((id) => id !== 'h1.5' && id !== 'h1.6'), crashed));
    expect(lost.map((v) => v.message)).toEqual(["2 acknowledged item(s) missing from the file: h1.5, h1.6 -- h1's flush at step 10 reported it durable"]);
  });

  test('durability points judged at their moment share the reading of a snapshot, without every point walking every call', () => {
    const { calls, ids } = appendsAndFlushes(4_000, 4);
    // Every flush found the same bytes on disk (one reading, as the simulator shares it): all of them at first, then all but h1.5.
    const all: ReadBack = { present: true, itemIds: ids, metaFirst: true, reportedLines: [], endsWithNewline: true };
    const points = calls.filter((c) => c.op === 'flush' || c.op === 'shutdown');
    for (const p of points) p.fileAtAck = all;
    const { verdict, reads } = countedCheck(noAcknowledgedItemLost, runOf(calls, ids));
    expect(verdict).toEqual([]);
    expect(reads).toBeLessThan(READS_PER_RECORD * calls.length);

    const withoutH15: ReadBack = { ...all, itemIds: ids.filter((id) => id !== 'h1.5') };
    for (const p of points) p.fileAtAck = withoutH15;
    const lost = noAcknowledgedItemLost.check(runOf(calls, ids));
    // Every point from the one that covers h1.5 on.
    expect(lost).toHaveLength(points.length - 1);
    expect(lost[0].message).toBe(
      "1 item(s) not yet durable when h1's flush at step 10 reported it durable (settled at step 12): h1.5 -- a process that lost power right after the acknowledgement would have lost them",
    );

    // A writer that never syncs: every point finds nothing on disk, and each names what it lost, still at linear cost.
    const nothing: ReadBack = { ...all, itemIds: [] };
    for (const p of points) p.fileAtAck = nothing;
    const never = countedCheck(noAcknowledgedItemLost, runOf(calls, ids));
    expect(never.reads).toBeLessThan(READS_PER_RECORD * calls.length);
    expect(never.verdict).toHaveLength(points.length);
    expect(never.verdict.at(-1)!.message).toMatch(/^4000 item\(s\) not yet durable when sd1's shutdown at step \d+ reported it durable \(settled at step \d+\): h1\.0, h1\.1, h1\.2, h1\.3, h1\.4, h1\.5, h1\.6, h1\.7 and 3992 more -- /);
  });

  test('a clean run of 4,000 appends is checked in a few passes over its calls and a few lookups of each id, naming no caller for items that are there', () => {
    const { calls, ids } = appendsAndFlushes(4_000, Number.MAX_SAFE_INTEGER);
    const run = runOf(calls, ids);
    // The shutdown's snapshot is the file as the run left it, as the simulator shares it.
    calls[calls.length - 1].fileAtAck = run.readBack;
    const { verdict, reads, byField } = countedCheck(noAcknowledgedItemLost, run);
    expect(verdict).toEqual([]);
    // Each pass reads a record's op, outcome, items or steps: 26 reads a record here before, in ten passes.
    expect(reads / calls.length).toBeLessThan(20);
    // Why an item is required is put into words (naming the caller) only for an item found missing.
    expect(byField.get('actor') ?? 0).toBeLessThan(10);
    // Each id is looked up in the file's ids once for the shutdown, once for its snapshot (5 before: a table of required ids too).
    expect(itemIdLookups(ids, () => noAcknowledgedItemLost.check(run)) / ids.length).toBeLessThan(4);
  });
});

describe('replay-equals-history is linear in items, however many callers', () => {
  test("each caller's order is checked from one pass over the file, not one pass per caller", () => {
    // 200 callers with 10 one-item appends each, interleaved in the file.
    const calls: CallRecord[] = [];
    for (let n = 0; n < 10; n++) for (let a = 0; a < 200; a++) calls.push(record(`h${a}`, 'append', calls.length, calls.length + 1, 'queued', [`h${a}.${n}`]));
    calls.push(record('sd1', 'shutdown', calls.length, calls.length + 1, 'ok'));
    const ids = calls.flatMap((c) => c.items.map((i) => i.id));
    const has = jest.spyOn(Set.prototype, 'has');
    let lookups: number;
    let verdict: ReturnType<Invariant['check']>;
    try {
      verdict = replayEqualsHistory.check(runOf(calls, ids));
      lookups = has.mock.calls.length;
    } finally {
      has.mockRestore();
    }
    expect(verdict).toEqual([]);
    expect(lookups).toBeLessThan(20 * ids.length);
    // One caller out of its order among the 200 is still named.
    const swapped = [...ids];
    [swapped[0], swapped[200]] = [swapped[200], swapped[0]];
    expect(replayEqualsHistory.check(runOf(calls, swapped)).map((v) => v.message)).toEqual([
      "h0's items are out of its own order: file has h0.1, h0.0, h0.2, h0.3, h0.4, h0.5, h0.6, h0.7 and 2 more, h0 handed h0.0, h0.1, h0.2, h0.3, h0.4, h0.5, h0.6, h0.7 and 2 more",
    ]);
  });

  test('a clean run is checked with a few lookups of each item id', () => {
    // In a large run each lookup in a table of every id misses the cache: that is where the time goes.
    const { calls, ids } = appendsAndFlushes(4_000, Number.MAX_SAFE_INTEGER);
    const lookups = itemIdLookups(ids, () => expect(replayEqualsHistory.check(runOf(calls, ids))).toEqual([]));
    // 9 an item before: the file's ids were looked up in three tables, the accepted ones in three more.
    expect(lookups / ids.length).toBeLessThan(7);
  });
});
