// File bytes in the trace, and the first divergence of two traces: a run ends with one
// `file` entry per file (hash and size of what readers see and of what is durable), every
// completed write names the hash of the bytes it carried, and two traces are compared
// entry by entry, the first difference named with both sides.
import { determinism } from '../invariants/determinism';
import type { Env, FileHandle } from '../env/env';
import type { Scenario } from './scenario';
import { simulate, type RunResult } from './simulation';
import { contentHash, Trace, type TraceEntry } from './trace';
import { firstDivergence } from './trace-divergence';
import type { HandleOp } from './workload';
import type { CallOutcome, LogHandle, LogWriterFactory } from './writer-contract';

/** Writes `{"id":...}` lines, fsyncs on flush only (shutdown just closes): durable and visible bytes part. */
const plainWriter: LogWriterFactory = {
  name: 'plain',
  async open(env: Env, home: string) {
    const path = `${home}/plain.jsonl`;
    let file: Promise<FileHandle> | undefined;
    const h = () => (file ??= env.fs.mkdir(home, { recursive: true }).then(() => env.fs.open(path, 'a', 0o600)));
    const ok = async (body: () => Promise<unknown>): Promise<CallOutcome> => (await body(), { status: 'ok' });
    const handle: LogHandle = {
      clone: () => handle,
      append: async (items) => {
        await (await h()).write(Buffer.from(items.map((i) => JSON.stringify({ id: i.id }) + '\n').join('')));
        return { status: 'queued' };
      },
      persist: () => ok(async () => (await h()).sync()),
      flush: () => ok(async () => (await h()).sync()),
      shutdown: () => ok(async () => (await h()).close()),
    };
    return { handle, path };
  },
  async readBack() {
    return { present: false, reason: 'not read in this test' };
  },
};

/** One handle actor, no shutdown caller, every choice the oldest event. */
function oneActor(ops: readonly HandleOp[], faults: Scenario['faults']['faults'] = []): Scenario {
  return {
    workload: { actors: [{ kind: 'handle', name: 'h1', ops }] },
    faults: { faults },
    strategy: { kind: 'random' },
    tape: [],
    idSeed: 1,
    startEpochMs: Date.UTC(2026, 0, 2, 3, 4, 5),
    utcOffsetMinutes: 0,
  };
}

const OPS: readonly HandleOp[] = [{ kind: 'append', durable: 2, transient: 0 }, { kind: 'flush' }, { kind: 'append', durable: 1, transient: 0 }];
const lines = (...ids: string[]) => Buffer.from(ids.map((id) => JSON.stringify({ id }) + '\n').join(''));

function fileEntries(r: RunResult) {
  return r.trace.entries.filter((e): e is Extract<TraceEntry, { kind: 'file' }> => e.kind === 'file');
}

describe('file state in the trace', () => {
  test('a run ends with a file entry: visible and durable bytes, hashed and sized', async () => {
    const r = await simulate(plainWriter, oneActor(OPS));
    expect(r.end).toEqual({ kind: 'completed' });
    const visible = lines('h1.0', 'h1.1', 'h1.2');
    const durable = lines('h1.0', 'h1.1');
    expect(fileEntries(r)).toEqual([
      expect.objectContaining({
        path: '/home/agent/plain.jsonl',
        visible: contentHash(visible),
        visibleBytes: visible.length,
        durable: contentHash(durable),
        durableBytes: durable.length,
      }),
    ]);
    // After the end entry, and counted in the hash.
    expect(r.trace.entries.at(-2)?.kind).toBe('end');
    expect(r.hash).toBe(r.trace.hash());
    expect(r.trace.toText().split('\n').at(-1)).toBe(
      `#${String(r.steps).padStart(3)} t+${String(r.steps).padStart(5)}ms   file /home/agent/plain.jsonl: visible ${visible.length} bytes ${contentHash(visible)}, durable ${durable.length} bytes ${contentHash(durable)}`,
    );
  });

  test('every completed write names the hash of the bytes it carried', async () => {
    const r = await simulate(plainWriter, oneActor(OPS));
    const writes = r.trace.entries.filter((e) => e.kind === 'fs' && e.op === 'write').map((e) => (e as { result: string }).result);
    expect(writes).toEqual([`28/28 bytes, data ${contentHash(lines('h1.0', 'h1.1'))}`, `14/14 bytes, data ${contentHash(lines('h1.2'))}`]);
  });

  test('the file entry is taken after a crash is applied: the unsynced tail is gone from both images', async () => {
    const before = await simulate(plainWriter, oneActor(OPS));
    const crashed = await simulate(plainWriter, oneActor(OPS, [{ kind: 'crash', step: before.steps, keep: 0 }]));
    expect(crashed.end.kind).toBe('crashed');
    const durable = lines('h1.0', 'h1.1');
    expect(fileEntries(crashed)).toEqual([expect.objectContaining({ visible: contentHash(durable), visibleBytes: durable.length, durable: contentHash(durable) })]);
    expect(crashed.hash).not.toBe(before.hash);
  });

  test('two runs that differ only in file bytes have different hashes', async () => {
    const a = await simulate(plainWriter, oneActor(OPS));
    const otherBytes: LogWriterFactory = {
      ...plainWriter,
      async open(env, home) {
        const w = await plainWriter.open(env, home);
        const append = w.handle.append;
        // Same sizes, other bytes: the ids' first letter upper-cased.
        const handle: LogHandle = { ...w.handle, append: (items) => append(items.map((i) => ({ ...i, id: i.id.replace('h', 'H') }))) };
        handle.clone = () => handle;
        return { ...w, handle };
      },
    };
    const b = await simulate(otherBytes, oneActor(OPS));
    expect(b.hash).not.toBe(a.hash);
    const d = firstDivergence(a.trace.entries, b.trace.entries);
    expect(d?.first).toMatchObject({ kind: 'fs', op: 'write' });
    expect((d?.first as { result: string }).result.split(', data ')[0]).toBe((d?.second as { result: string }).result.split(', data ')[0]);
  });
});

describe('the first divergence of two traces', () => {
  const e = (step: number, picked: string): TraceEntry => ({ step, t: step, kind: 'choice', picked, index: 0, of: 1 });

  test('the same trace has none', () => {
    expect(firstDivergence([e(0, 'a'), e(1, 'b')], [e(0, 'a'), e(1, 'b')])).toBeUndefined();
    expect(firstDivergence([], [])).toBeUndefined();
  });

  test('names the index, the step and both entries', () => {
    expect(firstDivergence([e(0, 'a'), e(1, 'b'), e(2, 'c')], [e(0, 'a'), e(1, 'x'), e(2, 'c')])).toEqual({
      index: 1,
      step: 1,
      first: e(1, 'b'),
      second: e(1, 'x'),
    });
  });

  test('a trace that is a prefix of the other diverges where it ends; the step is the longer side', () => {
    expect(firstDivergence([e(0, 'a')], [e(0, 'a'), e(3, 'late')])).toEqual({ index: 1, step: 3, first: undefined, second: e(3, 'late') });
    expect(firstDivergence([e(0, 'a'), e(4, 'late')], [e(0, 'a')])).toEqual({ index: 1, step: 4, first: e(4, 'late'), second: undefined });
  });

  test('the determinism check reports a file-state divergence with both sides rendered', () => {
    const file = (visible: string): TraceEntry => ({ step: 7, t: 7, kind: 'file', path: '/f', visible, visibleBytes: 3, durable: visible, durableBytes: 3 });
    const runOf = (entries: TraceEntry[]): RunResult => {
      const trace = new Trace();
      entries.forEach((x) => trace.add(x));
      return { trace } as RunResult;
    };
    const same = [e(0, 'a'), { step: 7, t: 7, kind: 'end', result: 'completed' } as TraceEntry];
    const [v] = determinism.compare(runOf([...same, file('aaaa')]), runOf([...same, file('bbbb')]));
    expect(v.invariant).toBe('determinism');
    expect(v.message.split('\n')).toEqual([
      expect.stringMatching(/^two runs of the same scenario differ, first at step 7 \(trace entry 2, file state\): the writer depends on something outside its env/),
      '    first run: #  7 t+    7ms   file /f: visible 3 bytes aaaa, durable 3 bytes aaaa',
      '    re-run:    #  7 t+    7ms   file /f: visible 3 bytes bbbb, durable 3 bytes bbbb',
    ]);
    expect(determinism.compare(runOf(same), runOf(same))).toEqual([]);
  });
});
