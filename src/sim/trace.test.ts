// The trace's hash is the hash of its JSON lines, the canonical form: what two processes
// or machines compare. It is taken as entries are added, without building that text --
// for a long run half a million lines -- or reading the entries back at the end.
import { createHash } from 'node:crypto';
import { writerForVariant } from '../adapters/variants';
import { DEFAULT_LIMITS, singleHandleScenario } from './scenario';
import { IN_FLIGHT_AT_CRASH, IN_FLIGHT_AT_END, simulate } from './simulation';
import { Trace, type TraceEntry } from './trace';
import type { HandleOp } from './workload';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('a trace hash', () => {
  test('is the sha256 of its JSON lines, for a long trace with non-ASCII text, and for an empty one', () => {
    const trace = new Trace();
    for (let step = 0; step < 20_000; step++) {
      trace.add({ step, t: step, kind: 'choice', picked: `start:h1#${step}`, index: 0, of: 2 });
      trace.add({ step, t: step, kind: 'fs', source: 'writer', op: 'write', path: '/home/agent/ünïcødé 日本語 🚀.jsonl', result: `${step} bytes` });
    }
    expect(trace.hash()).toBe(sha256(trace.toJsonLines()));
    expect(new Trace().hash()).toBe(sha256(new Trace().toJsonLines()));
  });

  test('hashes entries as they are added, not by reading them all back at the end', () => {
    const trace = new Trace();
    for (let step = 0; step < 1_000; step++) trace.add({ step, t: step, kind: 'end', result: 'completed' });
    const whole = jest.spyOn(trace, 'toJsonLines');
    const serialise = jest.spyOn(JSON, 'stringify');
    try {
      trace.hash();
      expect(whole).not.toHaveBeenCalled();
      expect(serialise).not.toHaveBeenCalled();
    } finally {
      serialise.mockRestore();
    }
  });

  test('can be taken more than once, and again after more entries', () => {
    const trace = new Trace();
    trace.add({ step: 0, t: 0, kind: 'fault', fault: 'crash', detail: 'x' });
    const first = trace.hash();
    expect(trace.hash()).toBe(first);
    trace.add({ step: 1, t: 1, kind: 'end', result: 'crashed' });
    expect(trace.hash()).toBe(sha256(trace.toJsonLines()));
    expect(trace.hash()).not.toBe(first);
  });
});

describe('trace format 2', () => {
  const writer = writerForVariant('reference');
  const ops: readonly HandleOp[] = [{ kind: 'append', durable: 2, transient: 0 }, { kind: 'flush' }, { kind: 'append', durable: 1, transient: 0 }];

  test('an async fs call names its event and the step it was submitted at, which the choice that completed it picks', async () => {
    const r = await simulate(writer, singleHandleScenario(ops, [], 42));
    const fs = r.trace.entries.filter((e): e is Extract<TraceEntry, { kind: 'fs' }> => e.kind === 'fs');
    expect(fs.length).toBeGreaterThan(3);
    expect(fs.map((e) => e.io)).toEqual(fs.map((_, i) => i));
    for (const e of fs) {
      // Oldest event first: a call submitted after choice N-1 is completed by choice N, and both carry step N.
      expect(e.from).toBe(e.step);
      const picked = r.trace.entries.filter((c) => c.kind === 'choice' && c.step === e.step).map((c) => (c as { picked: string }).picked);
      expect(picked).toContain(`io:${e.io}`);
    }
  });

  test('a crash cuts each file: durable, kept and lost bytes, matching the crash report, before the end entry', async () => {
    const clean = await simulate(writer, singleHandleScenario(ops, [], 42));
    const lastWrite = clean.trace.entries.filter((e) => e.kind === 'fs' && e.op === 'write').at(-1)!.step;
    const r = await simulate(writer, singleHandleScenario(ops, [{ kind: 'crash', step: lastWrite + 1, keep: 500 }], 42));
    expect(r.end.kind).toBe('crashed');
    if (r.end.kind !== 'crashed') return;
    const cuts = r.trace.entries.filter((e) => e.kind === 'cut');
    expect(cuts).toEqual(
      r.end.files.map((f) => expect.objectContaining({ path: f.path, durableBytes: f.durableBytes, keptBytes: f.keptUnsyncedBytes, lostBytes: f.lostBytes })),
    );
    expect(cuts.some((c) => c.kind === 'cut' && c.keptBytes + c.lostBytes > 0)).toBe(true);
    const kinds = r.trace.entries.map((e) => e.kind);
    expect(kinds.indexOf('cut')).toBeGreaterThan(kinds.indexOf('fault'));
    expect(kinds.lastIndexOf('cut')).toBeLessThan(kinds.indexOf('end'));
  });

  test('a call in flight when a run ends on its step budget is traced as never completed, once', async () => {
    const r = await simulate(writer, singleHandleScenario(ops, [], 42), { ...DEFAULT_LIMITS, maxSteps: 3 });
    expect(r.end).toEqual({ kind: 'step-budget', limit: 3 });
    const unfinished = r.trace.entries.filter((e) => e.kind === 'fs' && e.result === IN_FLIGHT_AT_END);
    expect(unfinished).toEqual([expect.objectContaining({ step: 3, io: expect.any(Number), from: expect.any(Number) })]);
    const kinds = r.trace.entries.map((e) => e.kind);
    expect(kinds.indexOf('end')).toBe(r.trace.entries.indexOf(unfinished[0]) + 1);
  });

  test('a call in flight when the power goes is traced as cut by the crash, from the step it was submitted at', async () => {
    const clean = await simulate(writer, singleHandleScenario(ops, [], 42));
    const lastWrite = clean.trace.entries.filter((e): e is Extract<TraceEntry, { kind: 'fs' }> => e.kind === 'fs' && e.op === 'write').at(-1)!;
    // The crash comes at the step that would have completed the last write.
    const r = await simulate(writer, singleHandleScenario(ops, [{ kind: 'crash', step: lastWrite.step, keep: 0 }], 42));
    const cut = r.trace.entries.filter((e) => e.kind === 'fs' && e.result === IN_FLIGHT_AT_CRASH);
    expect(cut).toEqual([expect.objectContaining({ step: lastWrite.step, op: 'write', io: lastWrite.io, from: lastWrite.from })]);
  });
});
