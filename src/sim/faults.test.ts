// Every fault kind of the plan, each in a small hand-written scenario where it is
// reached: the run still ends, the fault is counted, and it has the effect it promises.
import { Volume } from 'memfs';
import { writerForVariant } from '../adapters/variants';
import { noAcknowledgedItemLost } from '../invariants/index';
import { FAULT_KINDS, type Fault, type FaultKind } from './fault-plan';
import { PageCache } from './page-cache';
import { singleHandleScenario, type Scenario } from './scenario';
import { IN_FLIGHT_AT_CRASH, simulate, type RunResult } from './simulation';
import type { TraceEntry } from './trace';
import type { HandleOp } from './workload';
import type { LogHandle, LogWriterFactory } from './writer-contract';

const APPEND_THEN_FLUSH: readonly HandleOp[] = [{ kind: 'append', durable: 2, transient: 0 }, { kind: 'flush' }];
/** Two flushes: the second append's line is written after the first fsync made the file durable. */
const TWO_FLUSHES: readonly HandleOp[] = [
  { kind: 'append', durable: 1, transient: 0 },
  { kind: 'flush' },
  { kind: 'append', durable: 1, transient: 0 },
  { kind: 'flush' },
];

/** One handle actor appending and flushing, one shutdown caller; tape [] so every choice is the oldest event. */
function scenario(faults: readonly Fault[], ops: readonly HandleOp[] = APPEND_THEN_FLUSH): Scenario {
  return singleHandleScenario(ops, faults, 42);
}

const writer = writerForVariant('reference');
const run = (faults: readonly Fault[], ops?: readonly HandleOp[]) => simulate(writer, scenario(faults, ops));

function entries<K extends TraceEntry['kind']>(r: RunResult, kind: K): Array<Extract<TraceEntry, { kind: K }>> {
  return r.trace.entries.filter((e): e is Extract<TraceEntry, { kind: K }> => e.kind === kind);
}

function fsEntries(r: RunResult, op: string) {
  return entries(r, 'fs').filter((e) => e.op === op);
}

function outcomeOf(r: RunResult, actor: string, op: string): string | undefined {
  return r.calls.find((c) => c.actor === actor && c.op === op)?.outcome?.status;
}

/** Durable items of every append that resolved `queued`. */
function durableQueued(r: RunResult): string[] {
  return r.calls.filter((c) => c.op === 'append' && c.outcome?.status === 'queued').flatMap((c) => c.items.filter((i) => i.durable).map((i) => i.id));
}

function expectEachExactlyOnce(r: RunResult, ids: readonly string[]): void {
  expect(r.readBack.present).toBe(true);
  if (!r.readBack.present) return;
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) expect(r.readBack.itemIds.filter((x) => x === id)).toEqual([id]);
  expect(r.readBack.metaFirst).toBe(true);
}

function expectEnded(r: RunResult): void {
  expect(['completed', 'crashed']).toContain(r.end.kind);
}

/** The step of the first trace entry matching `pred`. */
function stepOf(r: RunResult, pred: (e: TraceEntry) => boolean): number {
  const found = r.trace.entries.find(pred);
  if (!found) throw new Error('no such trace entry');
  return found.step;
}

let baseline: RunResult;
/** Bytes of the first write in the baseline run: the metadata line and the two items. */
let firstWriteBytes: number;

beforeAll(async () => {
  baseline = await run([]);
  const write = fsEntries(baseline, 'write')[0];
  firstWriteBytes = Number(/^(\d+)\/\1 bytes, data [0-9a-f]{16}$/.exec(write.result)?.[1]);
});

test('the baseline run (no faults) completes, writes the file in one write and flushes it', () => {
  expect(baseline.end).toEqual({ kind: 'completed' });
  expect(Object.values(baseline.faultsFired).every((n) => n === 0)).toBe(true);
  expect(fsEntries(baseline, 'write')).toHaveLength(1);
  expect(firstWriteBytes).toBeGreaterThan(100);
  expectEachExactlyOnce(baseline, ['h1.0', 'h1.1']);
});

/** One case per fault kind; typed as a total record, so a new kind without a case does not compile. */
const CASES: Record<FaultKind, () => Promise<void>> = {
  async enospc() {
    await expectWriteFailureHandled({ kind: 'enospc', write: 0 }, 'ENOSPC');
  },

  async 'eio-write'() {
    await expectWriteFailureHandled({ kind: 'eio-write', write: 0 }, 'EIO');
  },

  async 'torn-write'() {
    const keep = 500;
    const r = await run([{ kind: 'torn-write', write: 0, keep }]);
    expectEnded(r);
    expect(r.faultsFired['torn-write']).toBeGreaterThanOrEqual(1);
    expect(fsEntries(r, 'write')[0].result).toBe('error EIO');
    // The torn part reached the file: the writer's reopen sees exactly keep‰ of the bytes.
    expect(fsEntries(r, 'stat')[0].result).toBe(`size ${Math.floor((firstWriteBytes * keep) / 1000)}`);
    expect(['ok', 'failed']).toContain(outcomeOf(r, 'h1', 'flush'));
    expect(outcomeOf(r, 'sd1', 'shutdown')).toBe('ok');
    expectEachExactlyOnce(r, durableQueued(r));
  },

  async 'short-write'() {
    const keep = 300;
    const r = await run([{ kind: 'short-write', write: 0, keep }]);
    expectEnded(r);
    expect(r.faultsFired['short-write']).toBeGreaterThanOrEqual(1);
    const writes = fsEntries(r, 'write');
    expect(writes[0].result).toMatch(new RegExp(`^${Math.floor((firstWriteBytes * keep) / 1000)}/${firstWriteBytes} bytes \\(short\\), data [0-9a-f]{16}$`));
    // The writer goes on from where the short write stopped; every byte gets written, once.
    const written = writes.reduce((sum, w) => sum + Number(/^(\d+)\//.exec(w.result)?.[1] ?? NaN), 0);
    expect(written).toBe(firstWriteBytes);
    expect(outcomeOf(r, 'h1', 'flush')).toBe('ok');
    expect(outcomeOf(r, 'sd1', 'shutdown')).toBe('ok');
    expectEachExactlyOnce(r, ['h1.0', 'h1.1']);
    if (r.readBack.present) expect(r.readBack.reportedLines).toEqual([]);
  },

  async 'fsync-fail'() {
    const r = await run([{ kind: 'fsync-fail', sync: 0 }]);
    expectEnded(r);
    expect(r.faultsFired['fsync-fail']).toBeGreaterThanOrEqual(1);
    expect(fsEntries(r, 'fsync')[0].result).toBe('error EIO');
    // A failed fsync is sticky: neither the flush nor the shutdown after it may claim durability.
    expect(outcomeOf(r, 'h1', 'flush')).toBe('failed');
    expect(outcomeOf(r, 'sd1', 'shutdown')).toBe('failed');
    expectEachExactlyOnce(r, durableQueued(r));

    // The failed fsync made nothing durable: a crash right after it loses every byte.
    const failedAt = stepOf(r, (e) => e.kind === 'fs' && e.op === 'fsync');
    const crashed = await run([
      { kind: 'fsync-fail', sync: 0 },
      { kind: 'crash', step: failedAt + 1, keep: 0 },
    ]);
    expect(crashed.end.kind).toBe('crashed');
    expect(crashed.faultsFired['fsync-fail']).toBe(1);
    if (crashed.end.kind !== 'crashed') return;
    expect(crashed.end.files).toHaveLength(1);
    expect(crashed.end.files[0]).toMatchObject({ durableBytes: 0, keptUnsyncedBytes: 0, lostBytes: firstWriteBytes });

    // Linux's answer: the dirty pages are dropped, so the writer must not report the bytes
    // durable after a retried fsync succeeds. The flush and the shutdown fail (sticky);
    // a crash after the shutdown promises nothing, and nothing is claimed lost.
    const dropped = await run([
      { kind: 'fsync-fail', sync: 0, pages: 'dropped' },
      { kind: 'crash-after-ack', ack: 0, after: 0, keep: 0 },
    ]);
    expect(dropped.faultsFired['fsync-fail']).toBe(1);
    expect(outcomeOf(dropped, 'h1', 'flush')).toBe('failed');
    expect(outcomeOf(dropped, 'sd1', 'shutdown')).toBe('failed');
    expect(dropped.end.kind).toBe('completed');
    expect(noAcknowledgedItemLost.check(dropped)).toEqual([]);
  },

  async latency() {
    const ms = 50;
    const r = await run([{ kind: 'latency', op: 0, ms }]);
    expectEnded(r);
    expect(r.end.kind).toBe('completed');
    expect(r.faultsFired.latency).toBeGreaterThanOrEqual(1);
    // With every other actor done, only advancing the clock can release the held operation.
    expect(entries(r, 'choice').some((c) => c.picked === 'clock')).toBe(true);
    const firstOp = entries(r, 'fs')[0];
    expect(firstOp.op).toBe('mkdir');
    expect(firstOp.t).toBeGreaterThanOrEqual(ms);
    expectEachExactlyOnce(r, ['h1.0', 'h1.1']);
  },

  async crash() {
    // keep 0, after the first write but before any fsync: nothing of it survives.
    const firstFsync = stepOf(baseline, (e) => e.kind === 'fs' && e.op === 'fsync');
    const firstWrite = stepOf(baseline, (e) => e.kind === 'fs' && e.op === 'write');
    expect(firstWrite).toBeLessThan(firstFsync);
    const r = await run([{ kind: 'crash', step: firstFsync, keep: 0 }]);
    expect(r.end).toMatchObject({ kind: 'crashed', beforeStep: firstFsync });
    expect(r.faultsFired.crash).toBe(1);
    // The fsync never completed: it is traced as cut by the crash, at the crash.
    expect(fsEntries(r, 'fsync')).toEqual([expect.objectContaining({ step: firstFsync, result: IN_FLIGHT_AT_CRASH })]);
    if (r.end.kind !== 'crashed') return;
    expect(r.end.files).toEqual([{ path: r.path, durableBytes: 0, lostBytes: firstWriteBytes, keptUnsyncedBytes: 0 }]);
    // Absent or empty: either way, nothing that was never made durable is read back.
    expect(r.readBack.present).toBe(false);
    // No step runs after the crash.
    expect(Math.max(...r.trace.entries.map((e) => e.step))).toBe(firstFsync);
  },

  'crash-after-ack': crashAfterAck,
};

/** A crash just after the flush that promised durability finds the flushed items. */
async function crashAfterAck(): Promise<void> {
  const r = await run([{ kind: 'crash-after-ack', ack: 0, after: 0, keep: 0 }], TWO_FLUSHES);
  expect(r.faultsFired['crash-after-ack']).toBe(1);
  expect(r.end.kind).toBe('crashed');
  const flush = r.calls.find((c) => c.op === 'flush')!;
  expect(flush.outcome?.status).toBe('ok');
  // The crash comes at the very step the first flush's ok was seen: nothing runs in between.
  if (r.end.kind === 'crashed') expect(r.end.beforeStep).toBe(flush.settledStep);
  expect(r.calls.filter((c) => c.op === 'flush')).toHaveLength(1);
  expectEachExactlyOnce(r, ['h1.0']);
  // `after` waits that many steps past the acknowledgement.
  const later = await run([{ kind: 'crash-after-ack', ack: 0, after: 2, keep: 0 }], TWO_FLUSHES);
  expect(later.end).toMatchObject({ kind: 'crashed', beforeStep: flush.settledStep! + 2 });
  // No acknowledgement, no crash.
  const never = await run([{ kind: 'crash-after-ack', ack: 5, after: 0, keep: 0 }], TWO_FLUSHES);
  expect(never.end.kind).toBe('completed');
  expect(never.faultsFired['crash-after-ack']).toBe(0);
}

async function expectWriteFailureHandled(fault: Extract<Fault, { kind: 'enospc' | 'eio-write' }>, code: string): Promise<void> {
  const r = await run([fault]);
  expectEnded(r);
  expect(r.faultsFired[fault.kind]).toBeGreaterThanOrEqual(1);
  const write = fsEntries(r, 'write')[0];
  expect(write.result).toBe(`error ${code}`);
  expect(entries(r, 'fault').map((f) => f.fault)).toContain(fault.kind);
  expect(['ok', 'failed']).toContain(outcomeOf(r, 'h1', 'flush'));
  expect(outcomeOf(r, 'sd1', 'shutdown')).toBe('ok');
  expectEachExactlyOnce(r, durableQueued(r));
  expect(durableQueued(r)).toEqual(['h1.0', 'h1.1']);
}

test('there is a case for every fault kind', () => {
  expect(Object.keys(CASES).sort()).toEqual([...FAULT_KINDS].sort());
});

describe.each(FAULT_KINDS)('fault %s', (kind) => {
  test('is reached, fires, the run ends, and the fault has its effect', async () => {
    await CASES[kind]();
  });
});

test('a crash after a write but before its fsync leaves a torn last line, which the reader reports', async () => {
  const clean = await run([], TWO_FLUSHES);
  expect(clean.end.kind).toBe('completed');
  const writes = fsEntries(clean, 'write');
  const fsyncs = fsEntries(clean, 'fsync');
  expect(writes).toHaveLength(2);
  // The second write lands between the first and second fsync: crash just before the second.
  expect(fsyncs[0].step).toBeLessThan(writes[1].step);
  expect(writes[1].step).toBeLessThan(fsyncs[1].step);
  const unsynced = Number(/^(\d+)\//.exec(writes[1].result)?.[1]);

  const keep = 500;
  const r = await run([{ kind: 'crash', step: fsyncs[1].step, keep }], TWO_FLUSHES);
  expect(r.end.kind).toBe('crashed');
  expect(r.faultsFired.crash).toBe(1);
  if (r.end.kind !== 'crashed' || !r.readBack.present) throw new Error(`expected a crash and a file; got ${JSON.stringify(r.readBack)}`);
  const kept = Math.floor((unsynced * keep) / 1000);
  expect(r.end.files[0]).toMatchObject({ keptUnsyncedBytes: kept, lostBytes: unsynced - kept });
  // The item covered by the successful first flush survives; the half-written one is reported.
  expect(outcomeOf(r, 'h1', 'flush')).toBe('ok');
  expect(r.readBack.itemIds).toEqual(['h1.0']);
  expect(r.readBack.reportedLines).toEqual([3]);
  expect(r.readBack.endsWithNewline).toBe(false);
});

describe('an fsync promises what was written before it was called, not what landed while it was in flight', () => {
  /** Flush calls fsync, then writes what is buffered, then waits for both: the fsync cannot cover that write. */
  const syncsBeforeWriting: LogWriterFactory = {
    name: 'syncs-before-writing',
    async open(env, home) {
      await env.fs.mkdir(home, { recursive: true });
      const path = `${home}/log.jsonl`;
      const file = await env.fs.open(path, 'a');
      let buffered = '';
      let flushing: Promise<unknown> = Promise.resolve();
      const handle: LogHandle = {
        clone: () => handle,
        append: async (items) => {
          for (const item of items) if (item.durable) buffered += `${JSON.stringify({ id: item.id })}\n`;
          return { status: 'queued' };
        },
        persist: async () => ({ status: 'ok' }),
        flush: async () => {
          const syncing = file.sync();
          const lines = buffered;
          buffered = '';
          flushing = Promise.all([file.write(Buffer.from(lines)), syncing]);
          await flushing;
          return { status: 'ok' };
        },
        shutdown: async () => {
          await flushing;
          await file.write(Buffer.from(buffered));
          await file.sync();
          return { status: 'ok' };
        },
      };
      return { handle, path };
    },
    async readBack(fs, path) {
      const text = await fs.readFile(path);
      const itemIds = text.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id);
      return { present: true, itemIds, metaFirst: true, reportedLines: [], endsWithNewline: text.endsWith('\n') };
    },
  };
  // fs calls: mkdir 0, open 1, the flush's fsync 2 and write 3. Slowed down, the fsync completes after the write.
  const slowSync: Fault = { kind: 'latency', op: 2, ms: 5 };

  test('the flush that wrote after its fsync was called is caught at its acknowledgement, though the fsync completed after the write', async () => {
    const r = await simulate(syncsBeforeWriting, singleHandleScenario([{ kind: 'append', durable: 1, transient: 0 }, { kind: 'flush' }], [slowSync]));
    const [sync] = fsEntries(r, 'fsync').filter((e) => e.source === 'h1');
    const [write] = fsEntries(r, 'write').filter((e) => e.source === 'h1' && e.result.startsWith('14/14'));
    expect(write.step).toBeLessThan(sync.step);
    expect(sync.result).toBe('durable 0 bytes');
    expect(noAcknowledgedItemLost.check(r)).toContainEqual({
      invariant: 'no-acknowledged-item-lost',
      message: expect.stringMatching(/1 item\(s\) not yet durable when h1's flush .* reported it durable .*: h1\.0/),
      at: { step: r.calls.find((c) => c.op === 'flush')!.settledStep, actor: 'h1' },
    });
  });
});

describe('PageCache over a memfs volume', () => {
  function volumeWith(files: Record<string, string>) {
    const volume = new Volume();
    for (const [path, text] of Object.entries(files)) {
      volume.mkdirSync(path.slice(0, path.lastIndexOf('/')) || '/', { recursive: true });
      volume.writeFileSync(path, text);
    }
    return volume;
  }

  test('a crash keeps synced bytes and, with keep 0, loses every unsynced byte', () => {
    const volume = volumeWith({ '/d/log': 'synced\n' });
    const cache = new PageCache(volume);
    cache.sync('/d/log');
    expect(cache.durableBytes('/d/log')).toBe(7);
    volume.appendFileSync('/d/log', 'not yet\n');
    expect(cache.crash(0)).toEqual([{ path: '/d/log', durableBytes: 7, lostBytes: 8, keptUnsyncedBytes: 0 }]);
    expect(String(volume.readFileSync('/d/log', 'utf8'))).toBe('synced\n');
  });

  test('keep per-mille cuts the unsynced tail, possibly mid-line', () => {
    const volume = volumeWith({ '/d/log': 'aaaa\n' });
    const cache = new PageCache(volume);
    cache.sync('/d/log');
    volume.appendFileSync('/d/log', 'bbbbbbbbb\n'); // 10 unsynced bytes
    expect(cache.crash(550)).toEqual([{ path: '/d/log', durableBytes: 5, lostBytes: 5, keptUnsyncedBytes: 5 }]);
    expect(String(volume.readFileSync('/d/log', 'utf8'))).toBe('aaaa\nbbbbb');
  });

  test('keep 999 still loses the last unsynced byte of a short tail (floor), and keep 1000 loses none', () => {
    const volume = volumeWith({ '/a': 'xy' });
    const cache = new PageCache(volume);
    expect(cache.crash(999)).toEqual([{ path: '/a', durableBytes: 0, lostBytes: 1, keptUnsyncedBytes: 1 }]);
    expect(String(volume.readFileSync('/a', 'utf8'))).toBe('x');
    const whole = volumeWith({ '/a': 'xy' });
    expect(new PageCache(whole).crash(1000)).toEqual([{ path: '/a', durableBytes: 0, lostBytes: 0, keptUnsyncedBytes: 2 }]);
    expect(String(whole.readFileSync('/a', 'utf8'))).toBe('xy');
  });

  test('a file never synced is cut to nothing but its name stays; every file in every directory is visited, in order', () => {
    const volume = volumeWith({ '/z/late': 'never synced', '/a/b/early': 'durable' });
    const cache = new PageCache(volume);
    cache.sync('/a/b/early');
    expect(cache.durableBytes('/z/late')).toBe(0);
    const reports = cache.crash(0);
    expect(reports.map((r) => r.path)).toEqual(['/a/b/early', '/z/late']);
    expect(String(volume.readFileSync('/a/b/early', 'utf8'))).toBe('durable');
    expect(volume.existsSync('/z/late')).toBe(true);
    expect(String(volume.readFileSync('/z/late', 'utf8'))).toBe('');
  });

  test('sync records the size at the time of the sync; a later sync moves it on', () => {
    const volume = volumeWith({ '/f': '12' });
    const cache = new PageCache(volume);
    cache.sync('/f');
    volume.appendFileSync('/f', '345');
    expect(cache.durableBytes('/f')).toBe(2);
    cache.sync('/f');
    expect(cache.durableBytes('/f')).toBe(5);
    volume.appendFileSync('/f', '67');
    cache.crash(0);
    expect(String(volume.readFileSync('/f', 'utf8'))).toBe('12345');
  });

  test('an fsync called at N bytes makes N durable, however much was written by the time it completes; dropped pages beyond N stay dropped', () => {
    const volume = volumeWith({ '/f': 'one\n' });
    const cache = new PageCache(volume);
    const calledAt = cache.visibleLength('/f');
    volume.appendFileSync('/f', 'two\n');
    cache.sync('/f', calledAt);
    expect(cache.durableBytes('/f')).toBe(4);
    expect(cache.crash(0)).toEqual([{ path: '/f', durableBytes: 4, lostBytes: 4, keptUnsyncedBytes: 0 }]);
    const dropped = volumeWith({ '/g': 'a\n' });
    const pages = new PageCache(dropped);
    pages.sync('/g');
    dropped.appendFileSync('/g', 'b\n');
    pages.dropDirty('/g');
    // Called when only part of the dropped range had been written: it writes none of it.
    pages.sync('/g', 3);
    dropped.appendFileSync('/g', 'c\n');
    pages.sync('/g');
    expect(pages.durableImage('/g').toString()).toBe('a\n\0\0c\n');
  });

  test('a failed fsync that drops the dirty pages: readers still see them, a later fsync does not write them, a crash loses them', () => {
    const volume = volumeWith({ '/f': 'one\n' });
    const cache = new PageCache(volume);
    cache.sync('/f');
    volume.appendFileSync('/f', 'two\n');
    expect(cache.dropDirty('/f')).toBe(4);
    expect(String(volume.readFileSync('/f', 'utf8'))).toBe('one\ntwo\n');
    volume.appendFileSync('/f', 'three\n');
    cache.sync('/f');
    expect(cache.durableBytes('/f')).toBe(14);
    expect(cache.durableImage('/f').toString()).toBe('one\n\0\0\0\0three\n');
    expect(cache.crash(0)).toEqual([{ path: '/f', durableBytes: 14, lostBytes: 0, keptUnsyncedBytes: 0, holes: [{ start: 4, end: 8 }] }]);
    expect(String(volume.readFileSync('/f', 'utf8'))).toBe('one\n\0\0\0\0three\n');
  });

  test('dropped pages before dirty ones: kept writeback after them leaves a hole of NULs; none kept, the file ends where the disk did', () => {
    const build = () => {
      const volume = volumeWith({ '/f': 'a\n' });
      const cache = new PageCache(volume);
      cache.sync('/f');
      volume.appendFileSync('/f', 'bb\n');
      cache.dropDirty('/f');
      volume.appendFileSync('/f', 'cccc\n');
      return { volume, cache };
    };
    const kept = build();
    expect(kept.cache.crash(1000)).toEqual([{ path: '/f', durableBytes: 2, lostBytes: 3, keptUnsyncedBytes: 5, droppedBytes: 3, holes: [{ start: 2, end: 5 }] }]);
    expect(String(kept.volume.readFileSync('/f', 'utf8'))).toBe('a\n\0\0\0cccc\n');
    const none = build();
    expect(none.cache.crash(0)).toEqual([{ path: '/f', durableBytes: 2, lostBytes: 8, keptUnsyncedBytes: 0, droppedBytes: 3 }]);
    expect(String(none.volume.readFileSync('/f', 'utf8'))).toBe('a\n');
  });
});
