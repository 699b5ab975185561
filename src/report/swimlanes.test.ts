// What the report draws, read off trace entries: lanes, spans from start to answer and
// from submission to completion, parks until their resume, the crash cut, and quiet
// stretches folded -- never the failing step.
import type { TraceEntry } from '../sim/trace';
import { MIN_STRETCH, swimlanesOf, type Swimlanes } from './swimlanes';

/** An entry without its step and time, kind by kind. */
type Unstepped = TraceEntry extends infer E ? (E extends TraceEntry ? Omit<E, 'step' | 't'> : never) : never;

/** A trace written step by step: `at(n)` moves on to step n (t = n ms). */
function traceOf(build: (add: (e: Unstepped) => void, at: (step: number) => void) => void): TraceEntry[] {
  const out: TraceEntry[] = [];
  let step = 0;
  build(
    (e) => out.push({ step, t: step, ...e } as TraceEntry),
    (n) => (step = n),
  );
  return out;
}

const pick = (picked: string, index = 0, of = 1) => ({ kind: 'choice' as const, picked, index, of });

function lane(s: Swimlanes, id: string): number {
  return s.lanes.findIndex((l) => l.id === id);
}

describe('swimlanes of a trace', () => {
  const entries = traceOf((add, at) => {
    add(pick('start:h1#0', 1, 2));
    add({ kind: 'call', actor: 'h1', op: 'append', items: ['h1.0'] });
    at(1);
    add(pick('start:sd1#0'));
    add({ kind: 'call', actor: 'sd1', op: 'shutdown' });
    add({ kind: 'park', source: 'writer', label: 'drain:before-write' });
    at(2);
    add(pick('resume:0'));
    add({ kind: 'settled', actor: 'h1', op: 'append', outcome: 'queued' });
    at(3);
    add(pick('io:0', 0, 2));
    add({ kind: 'fs', source: 'writer', op: 'write', path: '/f.jsonl', result: 'error EIO', io: 0, from: 2 });
    add({ kind: 'fault', fault: 'eio-write', detail: 'write #0' });
    at(4);
    add(pick('clock'));
    add({ kind: 'timer', action: 'fire', timer: 1, source: 'writer' });
    add({ kind: 'settled', actor: 'sd1', op: 'shutdown', outcome: 'ok' });
    add({ kind: 'end', result: 'completed' });
    add({ kind: 'file', path: '/f.jsonl', visible: 'a', visibleBytes: 0, durable: 'a', durableBytes: 0 });
  });
  const s = swimlanesOf(entries);

  test('one lane per actor in the order they first call, then the writer, the file system and the clock', () => {
    expect(s.lanes.map((l) => [l.id, l.kind])).toEqual([
      ['h1', 'actor'],
      ['sd1', 'actor'],
      ['writer', 'writer'],
      ['fs', 'fs'],
      ['clock', 'clock'],
    ]);
  });

  test('a call is a span from its start to its answer, and the answer a mark saying what it was', () => {
    expect(s.spans.filter((sp) => sp.kind === 'call').map((sp) => [sp.lane, sp.from, sp.to, sp.label])).toEqual([
      [lane(s, 'h1'), 0, 2, 'append'],
      [lane(s, 'sd1'), 1, 4, 'shutdown'],
    ]);
    const answers = s.marks.filter((m) => m.kind === 'queued' || m.kind === 'ack');
    expect(answers.map((m) => [m.lane, m.step, m.kind])).toEqual([
      [lane(s, 'h1'), 2, 'queued'],
      [lane(s, 'sd1'), 4, 'ack'],
    ]);
  });

  test('a file operation spans submission to completion in the fs lane; its submitter gets a mark at submission; a failure is marked', () => {
    expect(s.spans.filter((sp) => sp.kind === 'fs').map((sp) => [sp.lane, sp.from, sp.to])).toEqual([[lane(s, 'fs'), 2, 3]]);
    expect(s.marks.find((m) => m.kind === 'submit')).toMatchObject({ lane: lane(s, 'writer'), step: 2 });
    expect(s.marks.find((m) => m.kind === 'fs-error')).toMatchObject({ lane: lane(s, 'fs'), step: 3, title: expect.stringContaining('io:0, submitted at step 2') });
    expect(s.marks.find((m) => m.kind === 'fault')).toMatchObject({ lane: lane(s, 'fs'), step: 3, title: 'FAULT eio-write: write #0' });
  });

  test('a park lasts until the resume the scheduler picked, in the parked source\'s lane', () => {
    const parked = s.spans.find((sp) => sp.kind === 'parked')!;
    expect([parked.lane, parked.from, parked.to, parked.open]).toEqual([lane(s, 'writer'), 1, 2, undefined]);
    expect(s.marks.find((m) => m.kind === 'resume')).toMatchObject({ lane: lane(s, 'writer'), step: 2 });
  });

  test('each step keeps its choice (event key, index of how many) and its entries', () => {
    expect(s.steps.map((st) => st.choice?.picked)).toEqual(['start:h1#0', 'start:sd1#0', 'resume:0', 'io:0', 'clock']);
    expect(s.steps[0].choice).toEqual({ picked: 'start:h1#0', index: 1, of: 2, entry: 0 });
    expect(s.steps[3].entries.map((i) => entries[i].kind)).toEqual(['choice', 'fs', 'fault']);
    expect(s.marks.filter((m) => m.lane === lane(s, 'clock')).map((m) => m.kind)).toEqual(['clock', 'timer']);
    expect(s.end).toEqual({ step: 4, result: 'completed', entries: [entries.findIndex((e) => e.kind === 'end')] });
    expect(s.files.map((f) => f.path)).toEqual(['/f.jsonl']);
  });
});

test('a burst is one span until its last call is answered; a call never answered runs open to the end', () => {
  const s = swimlanesOf(
    traceOf((add, at) => {
      add(pick('start:h1#0'));
      add({ kind: 'call', actor: 'h1', op: 'append', burst: { calls: 2, first: 'h1.0', last: 'h1.1' } });
      add({ kind: 'call', actor: 'h2', op: 'flush' });
      at(1);
      add({ kind: 'settled', actor: 'h1', op: 'append', outcome: 'queued', items: ['h1.0'] });
      at(2);
      add({ kind: 'settled', actor: 'h1', op: 'append', outcome: 'failed: full', items: ['h1.1'] });
      at(3);
      add({ kind: 'end', result: 'liveness failure' });
    }),
  );
  const [burst, flush] = s.spans;
  expect([burst.from, burst.to, burst.open, burst.title]).toEqual([0, 2, undefined, 'h1 calls 2 × append [h1.0 .. h1.1] -> failed: full']);
  expect([flush.from, flush.to, flush.open]).toEqual([0, 3, true]);
  expect(s.marks.filter((m) => m.kind === 'failed' || m.kind === 'unanswered').map((m) => [m.kind, m.step])).toEqual([
    ['failed', 2],
    ['unanswered', 3],
  ]);
});

test('a crash is a cut at its step with what it kept and lost per file, not a fault mark', () => {
  const s = swimlanesOf(
    traceOf((add, at) => {
      add(pick('start:h1#0'));
      add({ kind: 'call', actor: 'h1', op: 'flush' });
      at(5);
      add({ kind: 'fault', fault: 'crash', detail: 'crash before step 5 keeping 500‰ of unsynced bytes' });
      add({ kind: 'cut', path: '/a', durableBytes: 10, keptBytes: 3, lostBytes: 4 });
      add({ kind: 'cut', path: '/b', durableBytes: 0, keptBytes: 0, lostBytes: 9, droppedBytes: 9 });
      add({ kind: 'end', result: 'crashed before step 5' });
    }),
  );
  expect(s.cut).toEqual({
    step: 5,
    detail: 'crash before step 5 keeping 500‰ of unsynced bytes',
    files: [
      { path: '/a', durableBytes: 10, keptBytes: 3, lostBytes: 4 },
      { path: '/b', durableBytes: 0, keptBytes: 0, lostBytes: 9, droppedBytes: 9 },
    ],
    entries: [2, 3, 4],
  });
  expect(s.marks.some((m) => m.kind === 'fault')).toBe(false);
  expect(s.spans[0].title).toMatch(/never answered, cut off by the crash$/);
});

test('a clock advance says the time it moved from and the time it moved to', () => {
  const s = swimlanesOf(
    traceOf((add, at) => {
      at(3);
      add(pick('clock'));
      at(4);
      add({ kind: 'end', result: 'completed' });
    }).map((e) => (e.step === 4 ? { ...e, t: 250 } : e)),
  );
  expect(s.marks.find((m) => m.kind === 'clock')?.title).toBe('the clock moves from t+3ms to the next timer, at t+250ms');
});

describe('quiet stretches', () => {
  /** h1 calls at step 0 and is answered at `last`; between them only fs writes, one a step. */
  const quiet = (last: number) =>
    traceOf((add, at) => {
      add(pick('start:h1#0'));
      add({ kind: 'call', actor: 'h1', op: 'flush' });
      for (let step = 1; step < last; step++) {
        at(step);
        add(pick(`io:${step}`));
        add({ kind: 'fs', source: 'writer', op: 'write', path: '/f', result: '1/1 bytes', io: step, from: step });
      }
      at(last);
      add({ kind: 'settled', actor: 'h1', op: 'flush', outcome: 'ok' });
      add({ kind: 'end', result: 'completed' });
    });

  test(`${MIN_STRETCH} or more quiet steps in a row fold into one, with what happened in them`, () => {
    expect(swimlanesOf(quiet(20)).stretches).toEqual([{ from: 1, to: 19, summary: '19 quiet steps (1–19): 19 fs write' }]);
  });

  test('fewer do not fold', () => {
    expect(swimlanesOf(quiet(MIN_STRETCH)).stretches).toEqual([]);
    expect(swimlanesOf(quiet(MIN_STRETCH + 1)).stretches).toHaveLength(1);
  });

  test('a failing step is never folded: it splits the stretch around it', () => {
    expect(swimlanesOf(quiet(20), [10]).stretches.map((st) => [st.from, st.to])).toEqual([
      [1, 9],
      [11, 19],
    ]);
  });

  test('a failed file operation or a timer firing is not quiet', () => {
    const entries = quiet(20).map((e) => (e.kind === 'fs' && e.step === 7 ? { ...e, result: 'error ENOSPC' } : e));
    expect(swimlanesOf(entries).stretches.map((st) => [st.from, st.to])).toEqual([
      [1, 6],
      [8, 19],
    ]);
  });
});
