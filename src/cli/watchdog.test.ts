// The watchdog, through the real command: a writer stuck in a synchronous loop, and one
// that floods the microtask queue, are reported and the process exits -- no hang, no
// silent pass. Each case is a process of its own (the point is that it can be stopped).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { timeoutReport } from './watchdog';

const BIN = join(__dirname, '..', '..', 'bin', 'rollout-sim.js');

function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: join(__dirname, '..', '..'), timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, out: stdout, err: stderr });
    });
  });
}

test('a synchronous infinite loop is stopped and reported as run-timeout with its replay command; a microtask storm is reported and the process exits', async () => {
  const [loop, storm] = await Promise.all([
    cli(['run', '--recorder', 'src/cli/fixtures/sync-loop-writer.ts', '--runs', '20', '--seed', '1', '--no-corpus', '--run-timeout', '2', '--html', 'never-written.html']),
    cli(['replay', '--recorder', 'src/cli/fixtures/microtask-storm-writer.ts', '--seed', '1', '--path', '0', '--run-timeout', '20']),
  ]);
  expect(loop.code).toBe(1);
  expect(loop.out).toMatch(/^FAILED run-timeout \(watchdog\)$/m);
  expect(loop.out).toMatch(/\[run-timeout\] run \d+ of seed 1 \(profile default\) did not finish within 2 s of wall-clock time/);
  expect(loop.out).toMatch(/^ {2}replay: rollout-sim replay --recorder src\/cli\/fixtures\/sync-loop-writer.ts --profile default --seed 1 --path \d+$/m);
  // A run that never finished has no trace: the report asked for is said not to be written.
  expect(loop.out).toMatch(/^html report: none written to never-written\.html -- a run that did not finish leaves no trace to draw$/m);

  expect(storm.code).toBe(1);
  expect(storm.out).toMatch(/^FAILED writer-contract/m);
  expect(storm.out).toMatch(/writer error in microtasks: .*a microtask storm/);
  expect(storm.out).toMatch(/^trace-hash: [0-9a-f]{64}$/m);
}, 120_000);

test('a hang while shrinking names the failure being shrunk, and says the candidate itself is not recorded', () => {
  const lines = timeoutReport({ run: 'a shrink candidate of the failure at seed 4 path 17 (profile crash)', replay: 'rollout-sim replay --variant x --profile crash --seed 4 --path 17' }, 30);
  expect(lines).toEqual([
    'FAILED run-timeout (watchdog)',
    expect.stringMatching(/^ {2}\[run-timeout\] a shrink candidate of the failure at seed 4 path 17 \(profile crash\) did not finish within 30 s/),
    '  replay (the failure being shrunk; the candidate that hung is not recorded): rollout-sim replay --variant x --profile crash --seed 4 --path 17',
  ]);
  expect(timeoutReport(undefined, 5)[1]).toMatch(/loading the writer \(before the first run started\) did not finish within 5 s/);
});
