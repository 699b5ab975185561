// The writer contract, enforced while a run is in progress: a bad answer, a throwing
// clone() or readBack(), a reader that never resolves, and a writer that writes to the
// real disk are each the writer's failure, named, and end the run -- never a pass.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../env/env';
import { singleHandleScenario, type Scenario } from './scenario';
import { simulate } from './simulation';
import type { CallOutcome, LogHandle, LogWriterFactory, ReadBack } from './writer-contract';

const SCENARIO: Scenario = singleHandleScenario([{ kind: 'append', durable: 1, transient: 0 }, { kind: 'flush' }]);
const EMPTY: ReadBack = { present: true, itemIds: [], metaFirst: true, reportedLines: [], endsWithNewline: true };

/** A writer that answers `queued`/`ok` at once unless a call is overridden. */
function writer(name: string, over: Partial<Omit<LogHandle, 'clone'>> & { clone?: () => unknown; readBack?: LogWriterFactory['readBack'] } = {}): LogWriterFactory {
  return {
    name,
    async open(_env: Env, home: string) {
      const handle: LogHandle = {
        clone: (over.clone as () => LogHandle) ?? (() => handle),
        append: over.append ?? (async () => ({ status: 'queued' })),
        persist: over.persist ?? (async () => ({ status: 'ok' })),
        flush: over.flush ?? (async () => ({ status: 'ok' })),
        shutdown: over.shutdown ?? (async () => ({ status: 'ok' })),
      };
      return { handle, path: `${home}/log` };
    },
    readBack: over.readBack ?? (async () => EMPTY),
  };
}

describe('answers that are not a CallOutcome', () => {
  test.each([
    ['undefined', undefined, /h1's flush \(started at step \d+\) resolved undefined, not a CallOutcome/],
    ["{status: 'banana'}", { status: 'banana' }, /h1's flush \(started at step \d+\) resolved \{"status":"banana"\}: status must be one of queued, filtered, closed, ok, failed/],
    ['failed without a message', { status: 'failed' }, /resolved \{"status":"failed"\}: a failed outcome needs a message string/],
  ])('a flush that resolves %s is a contract error naming the call and the value', async (_name, value, message) => {
    const r = await simulate(writer('bad-answer', { flush: async () => value as CallOutcome }), SCENARIO);
    expect(r.end.kind).toBe('contract-error');
    if (r.end.kind === 'contract-error') expect(r.end.message).toMatch(message);
    expect(r.end.kind === 'contract-error' && r.end.message).toMatch(/^bad-answer does not meet the writer contract: /);
  });

  test('an append that returns a bare value instead of a promise is a contract error', async () => {
    const r = await simulate(writer('sync-answer', { append: (() => ({ status: 'queued' })) as unknown as LogHandle['append'] }), SCENARIO);
    expect(r.end).toEqual({ kind: 'contract-error', message: expect.stringMatching(/h1's append returned \{"status":"queued"\}, not a promise of a CallOutcome/) });
  });
});

describe('clone() and readBack()', () => {
  test('a clone() that throws is a writer error in clone, naming the actor', async () => {
    const r = await simulate(writer('bad-clone', { clone: () => { throw new Error('no more handles'); } }), SCENARIO);
    expect(r.end).toEqual({ kind: 'writer-error', during: 'clone', message: 'bad-clone: clone() for h1 threw: no more handles' });
  });

  test('a clone() that hands back no handle is a contract error', async () => {
    const r = await simulate(writer('null-clone', { clone: () => null }), SCENARIO);
    expect(r.end.kind).toBe('contract-error');
    expect(r.end.kind === 'contract-error' && r.end.message).toMatch(/open\(\)\.handle is null, not an object/);
  });

  test('a readBack() that throws turns a completed run into a writer error in readBack', async () => {
    const r = await simulate(writer('bad-reader', { readBack: async () => { throw new Error('cannot parse line 3'); } }), SCENARIO);
    expect(r.end).toEqual({ kind: 'writer-error', during: 'readBack', message: 'bad-reader: readBack(/home/agent/log) threw: cannot parse line 3' });
    expect(r.readBack).toEqual({ present: false, reason: 'readBack() threw: cannot parse line 3' });
    expect(r.trace.entries.at(-1)).toMatchObject({ kind: 'end', result: expect.stringMatching(/^writer error in readBack/) });
  });

  test('a readBack() that never resolves is reported, and the run still ends', async () => {
    const r = await simulate(writer('stuck-reader', { readBack: () => new Promise<ReadBack>(() => undefined) }), SCENARIO);
    expect(r.end).toEqual({ kind: 'writer-error', during: 'readBack', message: expect.stringMatching(/^stuck-reader: readBack\(\/home\/agent\/log\) did not resolve within \d+ microtask turns/) });
  });

  test('a readBack() that answers something other than a ReadBack is a contract error naming the fields', async () => {
    const r = await simulate(writer('odd-reader', { readBack: async () => ({ present: true, itemIds: 'h1.0' }) as unknown as ReadBack }), SCENARIO);
    expect(r.end.kind).toBe('contract-error');
    expect(r.end.kind === 'contract-error' && r.end.message).toMatch(/itemIds must be an array of strings; reportedLines must be an array/);
  });
});

describe('the real disk', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rollout-sim-real-disk-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a writer that appends to a real file during a run is a contract error naming the call and path, and nothing is written', async () => {
    const target = join(dir, 'leak.jsonl');
    const leaky = writer('leaky', {
      append: async () => {
        writeFileSync(target, 'h1.0\n', { flag: 'a' });
        return { status: 'queued' };
      },
    });
    const r = await simulate(leaky, SCENARIO);
    expect(r.end.kind).toBe('contract-error');
    expect(r.end.kind === 'contract-error' && r.end.message).toBe(
      `leaky does not meet the writer contract: it called node:fs writeFileSync(${JSON.stringify(target)}) during the run; a writer must do all its I/O through env.fs`,
    );
    expect(existsSync(target)).toBe(false);
  });

  test('the promise API is guarded too, and the harness itself may still use the disk between runs', async () => {
    const target = join(dir, 'leak2.jsonl');
    const { appendFile } = await import('node:fs/promises');
    const leaky = writer('leaky-promises', { flush: async () => { await appendFile(target, 'x'); return { status: 'ok' }; } });
    const r = await simulate(leaky, SCENARIO);
    expect(r.end.kind === 'contract-error' && r.end.message).toMatch(/node:fs promises\.appendFile\(.*leak2\.jsonl"\)/);
    expect(existsSync(target)).toBe(false);
    // Outside a run, and from the harness, node:fs works as ever.
    await appendFile(target, 'harness');
    expect(existsSync(target)).toBe(true);
  });
});
