// How a run ends when the writer under test misbehaves: it blocks forever, loops on the
// file system, fails to open, or simply needs more steps than allowed. Every one of these
// must end the run with a verdict that names the problem; none may hang the test.
import type { Env, FileHandle } from '../env/env';
import { writerForVariant } from '../adapters/variants';
import { DEFAULT_LIMITS, singleHandleScenario, type Scenario, type SimLimits } from './scenario';
import { SIM_HOME, describeEnd, simulate, type RunResult } from './simulation';
import type { CallOutcome, LogHandle, LogWriterFactory, ReadBack } from './writer-contract';
import type { Fault } from './fault-plan';
import type { HandleOp } from './workload';

const scenario = (ops: readonly HandleOp[], faults: readonly Fault[] = []): Scenario => singleHandleScenario(ops, faults);

const OK: CallOutcome = { status: 'ok' };
const NOTHING: ReadBack = { present: false, reason: 'this test writer keeps no file' };

/** A writer built from per-call behaviours (whatever is not given resolves at once); its open() makes two fs calls. */
function testWriter(
  name: string,
  calls: Partial<{ [K in keyof Omit<LogHandle, 'clone'>]: (env: Env, file: FileHandle) => Promise<CallOutcome> }>,
): LogWriterFactory {
  return {
    name,
    async open(env: Env, home: string) {
      const path = `${home}/log`;
      await env.fs.mkdir(home, { recursive: true });
      const file = await env.fs.open(path, 'a');
      const handle: LogHandle = {
        clone: () => handle,
        append: () => calls.append?.(env, file) ?? Promise.resolve({ status: 'queued' }),
        persist: () => calls.persist?.(env, file) ?? Promise.resolve(OK),
        flush: () => calls.flush?.(env, file) ?? Promise.resolve(OK),
        shutdown: () => calls.shutdown?.(env, file) ?? Promise.resolve(OK),
      };
      return { handle, path };
    },
    readBack: async () => NOTHING,
  };
}

const APPEND_FLUSH: readonly HandleOp[] = [{ kind: 'append', durable: 1, transient: 0 }, { kind: 'flush' }];

describe('liveness', () => {
  test('a flush that never settles ends the run as a liveness failure naming the blocked actor', async () => {
    const writer = testWriter('stuck-flush', { flush: () => new Promise<CallOutcome>(() => undefined) });
    const r = await simulate(writer, scenario(APPEND_FLUSH));
    expect(r.end).toEqual({ kind: 'liveness', blocked: ['h1 in flush'] });
    expect(describeEnd(r.end)).toContain('h1 in flush');
    // It was noticed as soon as nothing was left to schedule, not after a budget ran out.
    expect(r.steps).toBeLessThan(10);
    expect(r.calls.find((c) => c.op === 'flush')?.outcome).toBeUndefined();
    // The other actors still ran: the shutdown caller was not blocked.
    expect(r.calls.find((c) => c.actor === 'sd1')?.outcome).toEqual({ status: 'ok' });
    // The end entry closes the run; only the file-state entries follow it.
    expect(r.trace.entries.filter((e) => e.kind !== 'file').at(-1)).toMatchObject({ kind: 'end', result: describeEnd(r.end) });
  });

  test('two blocked actors are both named', async () => {
    const never = () => new Promise<CallOutcome>(() => undefined);
    const writer = testWriter('stuck-everything', { flush: never, shutdown: never });
    const r = await simulate(writer, scenario(APPEND_FLUSH));
    expect(r.end.kind).toBe('liveness');
    if (r.end.kind === 'liveness') expect([...r.end.blocked].sort()).toEqual(['h1 in flush', 'sd1 in shutdown']);
  });

  test('a writer that waits on its own file-system call is not a liveness failure: the call is scheduled', async () => {
    const writer = testWriter('slow-but-live', {
      flush: async (_env, file) => {
        await file.write(Buffer.from('x\n'));
        await file.sync();
        return OK;
      },
    });
    const r = await simulate(writer, scenario(APPEND_FLUSH));
    expect(r.end).toEqual({ kind: 'completed' });
    expect(r.calls.find((c) => c.op === 'flush')?.outcome).toEqual(OK);
  });

  test('a last call answered after a long stretch of quiet microtasks (a queue drained with no I/O) completes the run', async () => {
    const writer = testWriter('slow-drain', {
      shutdown: async () => {
        for (let turn = 0; turn < DEFAULT_LIMITS.quietTicks * 10; turn++) await null;
        return OK;
      },
    });
    const r = await simulate(writer, scenario([]));
    expect(r.end).toEqual({ kind: 'completed' });
    expect(r.calls.find((c) => c.op === 'shutdown')?.outcome).toEqual(OK);
  });
});

describe('budgets', () => {
  const limits = (over: Partial<SimLimits>): SimLimits => ({ ...DEFAULT_LIMITS, ...over });

  test('an append that writes forever ends with fs-budget', async () => {
    const writer = testWriter('write-forever', {
      append: async (_env, file) => {
        for (;;) await file.write(Buffer.from('again\n'));
      },
    });
    const r = await simulate(writer, scenario(APPEND_FLUSH), limits({ maxFsCalls: 20 }));
    expect(r.end.kind).toBe('fs-budget');
    if (r.end.kind === 'fs-budget') expect(r.end.message).toMatch(/more than 20 file-system calls/);
    // mkdir, open and 18 writes went through; the 21st call was refused: it never settles,
    // so the append is still pending when the run ends on the budget.
    expect(r.trace.entries.filter((e) => e.kind === 'fs')).toHaveLength(20);
    expect(r.calls.find((c) => c.op === 'append')?.outcome).toBeUndefined();
    expect(r.steps).toBeLessThan(DEFAULT_LIMITS.maxSteps);
  });

  test('an append that retries a failing write, catching every I/O error, ends with fs-budget', async () => {
    // Every write the budget allows fails with EIO.
    const faults: Fault[] = Array.from({ length: 50 }, (_, write): Fault => ({ kind: 'eio-write', write }));
    let attempts = 0;
    const writer = testWriter('retry-forever', {
      append: async (_env, file) => {
        for (;;) {
          attempts++;
          try {
            await file.write(Buffer.from('line\n'));
            return { status: 'queued' };
          } catch (err) {
            if ((err as { code?: string }).code !== 'EIO') throw err;
          }
        }
      },
    });
    const r = await simulate(writer, scenario(APPEND_FLUSH, faults), limits({ maxFsCalls: 30 }));
    expect(r.end.kind).toBe('fs-budget');
    expect(r.faultsFired['eio-write']).toBe(28);
    expect(attempts).toBe(29);
  });

  test('a run that needs more steps than maxSteps ends with step-budget after exactly that many steps', async () => {
    const r = await simulate(writerForVariant('reference'), scenario(APPEND_FLUSH), limits({ maxSteps: 3 }));
    expect(r.end).toEqual({ kind: 'step-budget', limit: 3 });
    expect(r.steps).toBe(3);
    expect(r.trace.entries.filter((e) => e.kind === 'choice')).toHaveLength(3);
    // The same scenario with room to finish completes: the budget, not the scenario, cut it short.
    const full = await simulate(writerForVariant('reference'), scenario(APPEND_FLUSH));
    expect(full.end).toEqual({ kind: 'completed' });
    expect(full.steps).toBeGreaterThan(3);
  });
});

describe("the writer's own failures, outside its calls", () => {
  test('an open() that rejects is a writer error naming open() and the message, and no file', async () => {
    const writer: LogWriterFactory = {
      name: 'cannot-open',
      open: () => Promise.reject(new Error('disk is on fire')),
      readBack: async () => NOTHING,
    };
    const r: RunResult = await simulate(writer, scenario(APPEND_FLUSH));
    expect(r.end).toEqual({ kind: 'writer-error', during: 'open', message: 'cannot-open: open() threw: disk is on fire' });
    expect(r.path).toBeUndefined();
    expect(r.readBack.present).toBe(false);
    expect(r.calls).toEqual([]);
    expect(r.trace.entries.at(-1)).toMatchObject({ kind: 'end', result: 'writer error in open: cannot-open: open() threw: disk is on fire' });
  });

  test('an open() that rejects after scheduled I/O is also a writer error with its message', async () => {
    const writer: LogWriterFactory = {
      name: 'open-then-fail',
      async open(env) {
        await env.fs.mkdir(`${SIM_HOME}/logs`, { recursive: true });
        throw new Error('no log configured');
      },
      readBack: async () => NOTHING,
    };
    const r = await simulate(writer, scenario(APPEND_FLUSH));
    expect(r.end).toEqual({ kind: 'writer-error', during: 'open', message: 'open-then-fail: open() threw: no log configured' });
    expect(r.trace.entries.some((e) => e.kind === 'fs' && e.op === 'mkdir')).toBe(true);
  });

  test('an open() that waits on nothing the simulator schedules is a writer error, not a hang', async () => {
    const writer: LogWriterFactory = {
      name: 'open-never',
      open: () => new Promise(() => undefined),
      readBack: async () => NOTHING,
    };
    const r = await simulate(writer, scenario(APPEND_FLUSH));
    expect(r.end.kind).toBe('writer-error');
    if (r.end.kind === 'writer-error') expect(r.end.message).toMatch(/open-never: open\(\) never resolved/);
  });

  test('a workload that calls a session on a writer without one is a contract error naming the writer', async () => {
    const writer = testWriter('no-session', {});
    const withSession: Scenario = {
      ...scenario(APPEND_FLUSH),
      workload: { actors: [{ kind: 'session', name: 's1', ops: [{ kind: 'flush' }] }] },
    };
    const r = await simulate(writer, withSession);
    expect(r.end.kind).toBe('contract-error');
    if (r.end.kind === 'contract-error') expect(r.end.message).toMatch(/^no-session does not meet the writer contract: .*session is missing/);
    expect(r.calls).toEqual([]);
  });
});

describe('a retry loop that swallows even the budget error', () => {
  // Safety cap so this test cannot hang the worker whatever the simulator does.
  const CAP = 100_000;

  // BUG: a refused call rejects at once (sim-fs.ts `submit`), so a writer that catches every
  // error and retries spins in microtasks forever after the budget is spent: the run
  // returns `fs-budget`, but the writer keeps running (with no cap, the process never
  // exits, and no macrotask -- timer, I/O, jest's own timeout -- ever runs again).
  test('is stopped once the budget is spent: it does not keep running after the run ended', async () => {
    let refused = 0;
    let total = 0;
    const writer = testWriter('swallow-everything', {
      append: async (_env, file) => {
        while (total++ < CAP) {
          try {
            await file.write(Buffer.from('line\n'));
          } catch (err) {
            if (!(err as { code?: string }).code) refused++;
          }
        }
        return { status: 'queued' };
      },
    });
    const r = await simulate(writer, scenario(APPEND_FLUSH), { ...DEFAULT_LIMITS, maxFsCalls: 10 });
    expect(r.end.kind).toBe('fs-budget');
    // Let whatever is still queued run (a macrotask only runs once the microtask queue is empty).
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(total).toBeLessThan(CAP);
    expect(refused).toBeLessThanOrEqual(1);
  });
});
