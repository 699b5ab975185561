// Bursts: one actor with many appends in flight. Each append is its own call with its own
// outcome, the trace stays one line per burst plus one per settled call, and a burst that
// outruns a blocked writer fills its 256-command queue and shows as callers waiting.
import { writerForVariant } from '../adapters/variants';
import { checkAll } from '../invariants/index';
import { notYetSeenWaiting, startNextOp, type Actor, type CallSite } from './actor-calls';
import { Trace } from './trace';
import type { CallOutcome, LogHandle } from './writer-contract';
import { singleHandleScenario, type Scenario } from './scenario';
import { simulate } from './simulation';
import { describeWorkload, plannedCalls, plannedSteps, type HandleOp } from './workload';

const reference = writerForVariant('reference');

/** Opens with a persist, so the writer is busy creating the file while the appends arrive. */
const FILLS_THE_QUEUE: HandleOp = { kind: 'burst', calls: 300, durable: 1, persistFirst: true };

describe('a burst', () => {
  test('plans one call per append, ids unique per actor and in order, all in one group', () => {
    const actor = { kind: 'handle' as const, name: 'h1', ops: [{ kind: 'append' as const, durable: 1, transient: 1 }, { kind: 'burst' as const, calls: 3, durable: 2 }] };
    const steps = plannedSteps(actor);
    expect(steps.map((g) => g.length)).toEqual([1, 3]);
    expect(steps[1].map((c) => c.items.map((i) => i.id))).toEqual([
      ['h1.2', 'h1.3'],
      ['h1.4', 'h1.5'],
      ['h1.6', 'h1.7'],
    ]);
    const ids = plannedCalls(actor).flatMap((c) => c.items.map((i) => i.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(describeWorkload({ actors: [{ ...actor, ops: [FILLS_THE_QUEUE] }] })).toBe('h1: burst(persist + 300x append(1))');
  });

  test('a burst of no calls is refused, naming the actor', () => {
    expect(() => plannedSteps({ kind: 'handle', name: 'h7', ops: [{ kind: 'burst', calls: 0, durable: 1 }] })).toThrow(/h7's burst needs a positive whole number of calls, got 0/);
  });

  test('on the reference, a burst behind a file being created fills the queue: callers wait, and every invariant holds', async () => {
    const run = await simulate(reference, singleHandleScenario([FILLS_THE_QUEUE]));
    expect(run.end.kind).toBe('completed');
    // 1 persist in the writer's hands and 256 appends queued: the other 44 wait for room.
    expect(run.backpressure?.waitedCalls).toBe(44);
    const appends = run.calls.filter((c) => c.op === 'append');
    expect(appends).toHaveLength(300);
    expect(new Set(appends.map((c) => c.startStep)).size).toBe(1);
    expect(appends.every((c) => c.outcome?.status === 'queued')).toBe(true);
    // The waiting ones were answered steps later, one at a time as the writer drained.
    expect(Math.max(...appends.map((c) => c.settledStep!))).toBeGreaterThan(appends[0].startStep + 40);
    expect(checkAll(run)).toEqual([]);
    expect(run.readBack.present && run.readBack.itemIds).toEqual(appends.map((c) => c.items[0].id));
  });

  test('the trace has one line for the burst and one per settled call, each naming its items', async () => {
    const run = await simulate(reference, singleHandleScenario([{ kind: 'burst', calls: 3, durable: 1 }]));
    const text = run.trace.toText();
    expect(text).toMatch(/h1 calls append 3 times at once \[h1\.0 \.\. h1\.2\]/);
    for (const id of ['h1.0', 'h1.1', 'h1.2']) expect(text).toContain(`h1 append [${id}] -> queued`);
    expect(run.trace.entries.filter((e) => e.kind === 'call' && e.actor === 'h1')).toHaveLength(1);
  });

  test('a burst the writer takes at once (nothing blocks it) leaves no caller waiting', async () => {
    const run = await simulate(reference, singleHandleScenario([{ kind: 'burst', calls: 300, durable: 1 }]));
    expect(run.backpressure?.waitedCalls).toBe(0);
    expect(checkAll(run)).toEqual([]);
  });

  test('shutdown while senders wait: the waiting appends are admitted and written, the shutdown is clean', async () => {
    // Tape [0, 1]: h1's burst at step 0; at step 1 the shutdown caller, ahead of the writer's first I/O.
    const scenario: Scenario = { ...singleHandleScenario([FILLS_THE_QUEUE]), tape: [0, 1] };
    const run = await simulate(reference, scenario);
    const shutdown = run.calls.find((c) => c.op === 'shutdown')!;
    const appends = run.calls.filter((c) => c.op === 'append');
    expect(shutdown.startStep).toBe(1);
    expect(appends.filter((c) => c.settledStep! > shutdown.startStep + 1).length).toBeGreaterThan(0);
    expect(shutdown.outcome?.status).toBe('ok');
    expect(checkAll(run)).toEqual([]);
    expect(run.readBack.present && run.readBack.itemIds.length).toBe(300);
  });

  test('an append waiting on the writer step after step is noted once, not once a step', () => {
    // A burst of thousands in flight was walked whole at every step boundary: quadratic in the burst.
    const site: CallSite = { step: 0, t: 0, trace: new Trace(), calls: [], ackSteps: [], session: undefined, breach: () => undefined, acknowledged: () => undefined };
    const never = () => new Promise<CallOutcome>(() => undefined);
    const handle: LogHandle = { clone: () => handle, append: never, persist: never, flush: never, shutdown: never };
    const spec = { kind: 'handle' as const, name: 'h1', ops: [{ kind: 'burst' as const, calls: 1_000, durable: 1, persistFirst: true }] };
    const actor: Actor = { name: 'h1', calls: plannedSteps(spec), next: 0, inFlight: new Set(), unseenAppends: new Set(), handle };
    startNextOp(actor, site);
    expect(actor.inFlight.size).toBe(1_001);
    const handedOut = Array.from({ length: 50 }, () => notYetSeenWaiting(actor)).flat();
    expect(handedOut).toHaveLength(1_000);
    expect(new Set(handedOut.map((c) => c.items[0].id)).size).toBe(1_000);
    expect(handedOut.every((c) => c.op === 'append')).toBe(true);
  });
});
