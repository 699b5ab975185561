// The built-in npm loggers, unmodified, inside the simulator: each buggy release is told
// apart from its fix on a scenario the harness found or that states the bug, every target
// is deterministic, and the command line drives them by name.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sweepSeedsFromEnv } from '../campaign/budget';
import { boundsFor } from '../campaign/profiles';
import { scenarioForSeed } from '../sim/scenario-arbitrary';
import { inProcessCli } from '../cli/fixtures/in-process-cli';
import { checkAll } from '../invariants/index';
import { singleHandleScenario } from '../sim/scenario';
import { simulate } from '../sim/simulation';
import { TARGETS, targetWriterFor } from './registry';

const cli = (...args: string[]) => inProcessCli(args);

test('`rollout-sim targets` lists each release with what it is known for', async () => {
  const { code, out } = await cli('targets');
  expect(code).toBe(0);
  expect(out.split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['sonic-boom@4.2.0', 'sonic-boom@4.2.1', 'winston@3.18.3', 'winston@3.19.0', 'log4js@6.3.0', 'log4js@6.4.0']);
  expect(out).toMatch(/sonic-boom@4\.2\.0 +sonic-boom#139/);
});

test.each(TARGETS.map((t) => [t.name, t.module]))('%s is the release its name says, installed from an exact version', (name, module) => {
  // A caret range in package.json would let `npm install` move a buggy release onto its fix.
  const version = name.split('@')[1];
  expect((require(`${module}/package.json`) as { version: string }).version).toBe(version);
  const pkg = require('../../package.json') as { dependencies: Record<string, string> };
  expect(pkg.dependencies[module]).toBe(`npm:${name}`);
});

test('sonic-boom#139: a short write that splits a multibyte record loses it in 4.2.0 and not in 4.2.1', async () => {
  // One append of two multibyte records; the first write(2) takes 70% of the bytes.
  const scenario = singleHandleScenario([{ kind: 'append', durable: 2, transient: 0, payload: 'multibyte' }], [{ kind: 'short-write', write: 0, keep: 700 }]);
  const buggy = await simulate(targetWriterFor('sonic-boom@4.2.0'), scenario);
  expect(buggy.end).toEqual({ kind: 'completed' });
  expect(checkAll(buggy)).toContainEqual({ invariant: 'no-acknowledged-item-lost', message: expect.stringMatching(/h1\.1 -- h1 was told its append was queued/) });
  const fixed = await simulate(targetWriterFor('sonic-boom@4.2.1'), scenario);
  expect(checkAll(fixed)).toEqual([]);
  expect(fixed.readBack).toMatchObject({ present: true, itemIds: ['h1.0', 'h1.1'] });
});

test("winston#1504, found by search: 3.18.3's 'finish' comes before its records are in the file; the replay reproduces the hash, and 3.19.0 holds there", async () => {
  const found = await cli('run', '--target', 'winston@3.18.3', '--profile', 'logger', '--runs', '50', '--seed', '1', '--no-corpus');
  expect(found.code).toBe(1);
  expect(found.out).toMatch(/^FAILED no-acknowledged-item-lost/m);
  expect(found.out).toMatch(/item\(s\) not yet in the file when sd\d's shutdown .* a process that exited right after the acknowledgement would have lost them/);
  const command = /replay: rollout-sim (.*)$/m.exec(found.out)![1];
  const replayed = await cli(...command.split(' '));
  expect(replayed.out.split('\n').at(-1)).toBe(found.out.split('\n').at(-1));
  const fixed = await cli(...command.replace('winston@3.18.3', 'winston@3.19.0').split(' '));
  expect(fixed.code).toBe(0);
  expect(fixed.out).toMatch(/^every invariant held at seed 1 path [\d:]+ \(profile logger\) with winston@3\.19\.0$/);
});

test.each(['sonic-boom@4.2.0', 'sonic-boom@4.2.1'])('%s: a flush(cb) made while a write is in flight calls back without the record buffered since (bench/confirm/sonic-boom-flush-during-write.js)', async (name) => {
  // A large record starts a write at once (past minLength); a small one is buffered while it is in flight; then the flush.
  const ops = [{ kind: 'append', durable: 1, transient: 0, payload: 'large' }, { kind: 'append', durable: 1, transient: 0 }, { kind: 'flush' }] as const;
  const run = await simulate(targetWriterFor(name), { ...singleHandleScenario(ops), tape: [0, 0, 0, 1, 1, 0] });
  expect(checkAll(run)).toEqual([
    {
      invariant: 'no-acknowledged-item-lost',
      message: expect.stringMatching(/1 item\(s\) not yet in the file when h1's flush .* reported it durable .*: h1\.1 -- a process that exited/),
      at: { step: run.calls.find((c) => c.op === 'flush')!.settledStep, actor: 'h1' },
    },
  ]);
});

describe('two shutdowns with records still buffered, as a signal handler and an exit path make them (bench/confirm/log4js-second-shutdown.js shows both on the real disk)', () => {
  // The file's open (the fifth fs call) is slow, so both shutdowns come while the records wait for it.
  const base = singleHandleScenario([{ kind: 'append', durable: 2, transient: 0 }], [{ kind: 'latency', op: 4, ms: 3 }]);
  const scenario = { ...base, workload: { actors: [...base.workload.actors, { kind: 'shutdown' as const, name: 'sd2', via: 'handle' as const }] } };

  test('log4js#1005: in 6.3.0 the second shutdown ends the stream again, both fail with "write after end" and the records are lost', async () => {
    const run = await simulate(targetWriterFor('log4js@6.3.0'), scenario);
    expect(run.end).toEqual({ kind: 'completed' });
    expect(run.calls.filter((c) => c.op === 'shutdown').map((c) => c.outcome)).toEqual([
      { status: 'failed', message: expect.stringMatching(/write after end/) },
      { status: 'failed', message: expect.stringMatching(/write after end/) },
    ]);
    expect(checkAll(run)).toContainEqual({
      invariant: 'replay-equals-history',
      message: expect.stringMatching(/every shutdown failed \(sd1, sd2\) but the file system failed no call: accepted item\(s\) are not in the file: h1\.1/),
    });
  });

  test('6.4.0 keeps the records, but its second shutdown calls back ok at once, before a byte of them is in the file', async () => {
    const run = await simulate(targetWriterFor('log4js@6.4.0'), scenario);
    expect(run.readBack).toMatchObject({ present: true, itemIds: ['h1.0', 'h1.1'] });
    expect(checkAll(run)).toEqual([
      {
        invariant: 'no-acknowledged-item-lost',
        message: expect.stringMatching(/2 item\(s\) not yet in the file when sd2's shutdown .* reported it durable .*: h1\.0, h1\.1/),
        at: { step: run.calls.find((c) => c.actor === 'sd2')!.settledStep, actor: 'sd2' },
      },
    ]);
  });
});

test.each(TARGETS.map((t) => t.name))('%s: one scenario, one trace, run after run', async (name) => {
  const scenario = singleHandleScenario([{ kind: 'append', durable: 2, transient: 1, payload: 'large' }, { kind: 'flush' }], [{ kind: 'latency', op: 1, ms: 3 }]);
  const first = await simulate(targetWriterFor(name), scenario);
  const second = await simulate(targetWriterFor(name), scenario);
  expect(second.hash).toBe(first.hash);
  expect(first.trace.entries.some((e) => e.kind === 'fs' && e.op === 'write')).toBe(true);
});

describe('the same seed gives the same trace hash for every target in another process', () => {
  /** ROLLOUT_SIM_SEEDS turns it up. */
  const SEEDS = sweepSeedsFromEnv(10);
  const HASHES = `
    require('./bin/register-ts.js');
    const { TARGETS, targetWriterFor } = require('./src/targets/registry.ts');
    const { boundsFor } = require('./src/campaign/profiles.ts');
    const { scenarioForSeed } = require('./src/sim/scenario-arbitrary.ts');
    const { simulate } = require('./src/sim/simulation.ts');
    (async () => {
      for (const t of TARGETS) {
        const writer = targetWriterFor(t.name);
        for (let seed = 0; seed < ${SEEDS}; seed++) console.log(t.name, seed, (await simulate(writer, scenarioForSeed(seed, boundsFor(writer, 'logger')))).hash);
      }
    })();
  `;

  test(`${SEEDS} seeds of the logger profile for each target, here and in a child process`, async () => {
    const child = promisify(execFile)(process.execPath, ['-e', HASHES], { cwd: join(__dirname, '..', '..'), maxBuffer: 16 * 1024 * 1024 });
    const here: string[] = [];
    for (const t of TARGETS) {
      const writer = targetWriterFor(t.name);
      for (let seed = 0; seed < SEEDS; seed++) here.push(`${t.name} ${seed} ${(await simulate(writer, scenarioForSeed(seed, boundsFor(writer, 'logger')))).hash}`);
    }
    const there = (await child).stdout.split('\n').filter((l) => l.length > 0);
    expect(there).toEqual(here);
    expect(new Set(here.map((l) => l.split(' ')[2])).size).toBeGreaterThan(TARGETS.length * SEEDS * 0.8);
  }, 120_000);
});
