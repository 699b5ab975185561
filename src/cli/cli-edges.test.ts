// The command line at its edges, as a new user meets them: --version, a JUnit path that
// cannot be written, replays that hold, far paths, and writers that break the contract
// while they run. (The watchdog, which needs a process of its own, is in watchdog.test.ts.)
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliHooks } from './cli-hooks';
import { inProcessCli } from './fixtures/in-process-cli';
import { version } from '../../package.json';

const run = inProcessCli;

test('--version prints the package version and exits 0', async () => {
  const result = await run(['--version']);
  expect(result).toMatchObject({ code: 0, out: version });
  expect(version).toMatch(/^\d+\.\d+\.\d+/);
});

describe('--junit', () => {
  let dir: string;
  beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'rollout-sim-junit-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('a path that cannot be written is refused in one line, exit 2, before any run', async () => {
    const result = await run(['run', '--variant', 'reference', '--runs', '50', '--seed', '1', '--no-corpus', '--junit', dir]);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`error: --junit ${dir} cannot be written: it is a directory`);
    expect(result.out).toBe('');
    const underAFile = join(dir, 'plain');
    await writeFile(underAFile, 'x');
    const nested = await run(['run', '--variant', 'reference', '--runs', '50', '--no-corpus', '--junit', join(underAFile, 'r.xml')]);
    expect(nested.err).toBe(`error: --junit ${join(underAFile, 'r.xml')} cannot be written: ${underAFile} is not a directory`);
  });

  test('a missing directory is fine: it is created with the report', async () => {
    const file = join(dir, 'reports', 'deep', 'r.xml');
    const result = await run(['run', '--variant', 'reference', '--runs', '20', '--seed', '1', '--no-corpus', '--junit', file]);
    expect(result.code).toBe(0);
    expect(await readFile(file, 'utf8')).toMatch(/<testsuites/);
  });

  test('if the report still cannot be written at the end, the failure is printed first and the exit code stays 1', async () => {
    const file = join(dir, 'r.xml');
    // The path passes the check, then becomes a directory while the campaign runs.
    const sabotage: CliHooks['progress'] = () => ({ update: () => void mkdir(file, { recursive: true }).catch(() => undefined), stop() {} });
    const result = await run(['run', '--variant', 'legacy', '--runs', '200', '--seed', '5', '--no-corpus', '--junit', file], sabotage);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/FAILED no-post-shutdown-throw[\s\S]*trace-hash: [0-9a-f]{64}$/);
    expect(result.err).toMatch(new RegExp(`^error: the JUnit report could not be written to ${file}: .*is a directory`));
  });
});

describe('replay says only what is known', () => {
  test('a seed and path that hold say so, naming the seed, path and profile', async () => {
    const result = await run(['replay', '--variant', 'reference', '--seed', '3', '--path', '0', '--profile', 'crash']);
    expect(result.code).toBe(0);
    expect(result.out).toBe('every invariant held at seed 3 path 0 (profile crash) with reference');
  });

  test('a path beyond any campaign is refused at once, exit 2', async () => {
    const result = await run(['replay', '--variant', 'legacy', '--seed', '1', '--path', '1000000000']);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      'error: seed 1 and path 1000000000 (profile default) cannot be replayed: its run index 1000000000 is beyond any campaign (at most 100000000 runs)',
    );
  });

  test('path i replays the i-th run of the campaign as it was generated', async () => {
    // legacy fails at the first run of seed 5 (see run-command.test.ts); unshrunk, its path is 0.
    const replayed = await run(['replay', '--variant', 'legacy', '--seed', '5', '--path', '0']);
    expect(replayed.code).toBe(1);
    expect(replayed.out).toMatch(/^ {2}path: 0 \(profile default\)$/m);
  });
});

describe('writers that break the contract while they run', () => {
  test('an append that resolves undefined is a contract error naming the call and the value, exit 2', async () => {
    const result = await run(['run', '--recorder', 'src/cli/fixtures/undefined-outcome-writer.ts', '--runs', '20', '--seed', '1', '--no-corpus']);
    expect(result.code).toBe(2);
    expect(result.out).not.toMatch(/all invariants held/);
    expect(result.out).toMatch(/^error: forgetful does not meet the writer contract: h\d's append \(started at step \d+\) resolved undefined, not a CallOutcome$/m);
  });

  test('a readBack that never resolves is a reported failure of the writer, not a silent exit 0', async () => {
    const result = await run(['run', '--recorder', 'src/cli/fixtures/stuck-reader-writer.ts', '--runs', '20', '--seed', '1', '--no-corpus']);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^FAILED writer-contract/m);
    expect(result.out).toMatch(/\[writer-contract\] writer error in readBack: stuck-reader: readBack\(.*\) did not resolve/);
  });

  test('a module that writes to the real disk (through node:fs taken at load) is a contract error, exit 2, and nothing reaches the disk', async () => {
    // As the fixture names it; not imported here, so the module loads first under the guard, as a user's would.
    const LEAK_FILE = join(tmpdir(), `rollout-sim-leak-${process.pid}.jsonl`);
    await rm(LEAK_FILE, { force: true });
    const result = await run(['run', '--recorder', 'src/cli/fixtures/real-disk-writer.ts', '--runs', '20', '--seed', '1', '--no-corpus']);
    expect(result.code).toBe(2);
    expect(result.out).toMatch(new RegExp(`^error: leaky does not meet the writer contract: it called node:fs appendFileSync\\(${JSON.stringify(LEAK_FILE).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\) during the run`, 'm'));
    await expect(readFile(LEAK_FILE, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
