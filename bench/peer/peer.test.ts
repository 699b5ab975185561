// The fast-check peer finds real bugs and passes the correct recorder: it is a fair
// opponent for the benchmark only if both hold.
import fc from 'fast-check';
import { rolloutRecorderWriter } from '../../src/adapters/rollout-recorder-writer';
import { boundsFor } from '../../src/campaign/profiles';
import { checkAll } from '../../src/invariants/index';
import type { Workload } from '../../src/sim/workload';
import type { CallOutcome, LogHandle, LogWriterFactory } from '../../src/sim/writer-contract';
import { PeerViolationError, peerProperty } from './peer-property';
import { peerRun, PeerUnsupportedWriterError } from './peer-run';

const legacy = rolloutRecorderWriter('legacy');
const reference = rolloutRecorderWriter('reference');

test("the peer finds the legacy variant's bug (#16300) under fc.check, naming the invariant it breaks", async () => {
  const details = await fc.check(peerProperty(legacy, boundsFor(legacy, 'default')), { seed: 42, numRuns: 50, endOnFailure: true });
  expect(details.failed).toBe(true);
  expect(details.errorInstance).toBeInstanceOf(PeerViolationError);
  const invariants = (details.errorInstance as PeerViolationError).violations.map((v) => v.invariant);
  expect(invariants.some((i) => i === 'no-post-shutdown-throw' || i === 'no-acknowledged-item-lost')).toBe(true);
});

test('the peer passes the reference recorder under fc.assert', async () => {
  let runs = 0;
  await fc.assert(peerProperty(reference, boundsFor(reference, 'default'), { onRun: () => runs++ }), { seed: 42, numRuns: 60 });
  expect(runs).toBe(60);
});

const STALE_CLONE: Workload = {
  actors: [
    { kind: 'session', name: 's1', ops: [{ kind: 'persist-items', durable: 1, transient: 0 }] },
    { kind: 'shutdown', name: 'sd1', via: 'session' },
  ],
};

test("a session persist racing the session's shutdown: some schedule of fc.scheduler loses the item on legacy, none on reference", async () => {
  const lossesOn = async (writer: LogWriterFactory) => {
    const schedulers = fc.sample(fc.scheduler(), { seed: 7, numRuns: 40 });
    let losses = 0;
    for (const s of schedulers) {
      const run = await peerRun(writer, STALE_CLONE, s);
      expect(run.end).toEqual({ kind: 'completed' });
      if (checkAll(run).some((v) => v.invariant === 'no-acknowledged-item-lost')) losses++;
    }
    return losses;
  };
  expect(await lossesOn(legacy)).toBeGreaterThan(0);
  expect(await lossesOn(reference)).toBe(0);
});

/** The reference recorder with its handles' flush answering ok before the writer has done anything. */
const acksEarly: LogWriterFactory = {
  ...reference,
  name: 'acks-early',
  async open(env, home) {
    const w = await reference.open(env, home);
    const wrap = (h: LogHandle): LogHandle => ({ ...h, clone: () => wrap(h.clone()), flush: () => (void h.flush(), Promise.resolve<CallOutcome>({ status: 'ok' })) });
    return { ...w, handle: wrap(w.handle) };
  },
};

test('an acknowledgement is judged against the file as it stood when it was given', async () => {
  const workload: Workload = { actors: [{ kind: 'handle', name: 'h1', ops: [{ kind: 'append', durable: 2, transient: 0 }, { kind: 'flush' }] }] };
  const [s] = fc.sample(fc.scheduler(), { seed: 1, numRuns: 1 });
  const run = await peerRun(acksEarly, workload, s);
  expect(run.calls.find((c) => c.op === 'flush')?.fileAtAck).toMatchObject({ present: false });
  expect(checkAll(run)).toContainEqual({
    invariant: 'no-acknowledged-item-lost',
    message: expect.stringMatching(/not yet durable when h1's flush/),
    at: { step: run.calls.find((c) => c.op === 'flush')!.settledStep, actor: 'h1' },
  });
});

test('a call that never settles ends the run as a liveness failure, not a hang', async () => {
  const stuck: LogWriterFactory = {
    ...reference,
    name: 'stuck-flush',
    async open(env, home) {
      const w = await reference.open(env, home);
      const handle: LogHandle = { ...w.handle, clone: () => handle, flush: () => new Promise<CallOutcome>(() => undefined) };
      return { ...w, handle };
    },
  };
  const [s] = fc.sample(fc.scheduler(), { seed: 1, numRuns: 1 });
  const run = await peerRun(stuck, { actors: [{ kind: 'handle', name: 'h1', ops: [{ kind: 'flush' }] }] }, s);
  expect(run.end).toEqual({ kind: 'liveness', blocked: ['h1 in 1 call(s)'] });
});

test("a writer's timers fire when the scheduler releases the clock, the clock moving to their due time", async () => {
  const seen: number[] = [];
  const timed: LogWriterFactory = {
    ...reference,
    name: 'timed',
    async open(env, home) {
      const w = await reference.open(env, home);
      const start = env.clock.now();
      const handle: LogHandle = {
        ...w.handle,
        clone: () => handle,
        flush: async () => {
          await env.timers.sleep(250);
          seen.push(env.clock.now() - start);
          return w.handle.flush();
        },
      };
      return { ...w, handle };
    },
  };
  const [s] = fc.sample(fc.scheduler(), { seed: 3, numRuns: 1 });
  const run = await peerRun(timed, { actors: [{ kind: 'handle', name: 'h1', ops: [{ kind: 'flush' }] }] }, s);
  expect(run.end).toEqual({ kind: 'completed' });
  expect(seen).toEqual([250]);
});

test('a writer that reaches past its env (bindWorld) is refused: the peer has no simulated node:fs', async () => {
  const [s] = fc.sample(fc.scheduler(), { seed: 1, numRuns: 1 });
  await expect(peerRun({ ...reference, bindWorld: () => () => undefined }, STALE_CLONE, s)).rejects.toThrow(PeerUnsupportedWriterError);
});
