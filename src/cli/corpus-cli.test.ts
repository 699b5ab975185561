// The regression corpus as a user meets it on the command line: where a user's writer's
// failures are saved, what a corpus of other writers' entries does to their run, how a
// bad corpus file is refused, and the profile in every seed, path and replay command.
import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from './main';
import { replayCommand } from './replay-command';
import { runCommand } from './run-command';

const REPO = resolve(__dirname, '..', '..');
const BUNDLED = join(REPO, 'corpus', 'regressions.json');
const NAIVE = join(REPO, 'examples', 'naive-jsonl-writer.ts');

async function quietly<T>(body: () => Promise<T>): Promise<{ result: T; err: string }> {
  const errors: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
  const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { result: await body(), err: errors.join('\n') };
  } finally {
    spy.mockRestore();
    write.mockRestore();
  }
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const lines: string[] = [];
  const { result, err } = await quietly(() => main(['node', 'rollout-sim', ...args], (l) => lines.push(l)));
  return { code: result, out: lines.join('\n'), err };
}

const lastLine = (text: string) => text.trim().split('\n').pop();

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rollout-sim-corpus-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("--recorder's failures go to the user's corpus in their working directory, printed; the bundled corpus is left alone", async () => {
  const bundledBefore = await readFile(BUNDLED, 'utf8');
  const lines: string[] = [];
  const opts = { recorder: NAIVE, runs: 300, fs: 'sim' as const, profile: 'default' as const, checkDeterminism: 50 };
  const { result: code } = await quietly(() => runCommand({ ...opts, seed: 4 }, (l) => lines.push(l), dir));
  const out = lines.join('\n');
  expect(code).toBe(1);
  expect(out).not.toMatch(/^error:/m);
  expect(out).toMatch(/^FAILED /m);
  expect(out).toMatch(/^regression corpus: +\.rollout-sim\/corpus\.json$/m);
  expect(out).toContain('saved to the regression corpus: .rollout-sim/corpus.json');
  const saved = JSON.parse(await readFile(join(dir, '.rollout-sim', 'corpus.json'), 'utf8'));
  expect(saved.entries).toHaveLength(1);
  expect(saved.entries[0]).toMatchObject({ writer: 'naive-jsonl', profile: 'default', seed: 4 });
  expect(await readFile(BUNDLED, 'utf8')).toBe(bundledBefore);

  // `replay --entry` with --recorder looks in the same place by default.
  const replayed: string[] = [];
  expect((await quietly(() => replayCommand({ recorder: NAIVE, entry: saved.entries[0].id }, (l) => replayed.push(l), dir))).result).toBe(1);
  expect(lastLine(replayed.join('\n'))).toBe(lastLine(out));
  // And the next run replays it first.
  const again: string[] = [];
  expect((await quietly(() => runCommand({ ...opts, seed: 5 }, (l) => again.push(l), dir))).result).toBe(1);
  expect(again.join('\n')).toMatch(/^runs: +0 generated, 1 replayed from the regression corpus, 0 skipped$/m);
  expect(await readFile(BUNDLED, 'utf8')).toBe(bundledBefore);
});

test("a corpus of the built-in variants' entries is skipped by a user's writer, counted, never an error", async () => {
  const corpus = join(dir, 'shared.json');
  await writeFile(corpus, await readFile(BUNDLED, 'utf8'));
  const bundledCount = JSON.parse(await readFile(BUNDLED, 'utf8')).entries.length;
  const run = await cli('run', '--recorder', 'examples/naive-jsonl-writer.ts', '--runs', '300', '--seed', '4', '--corpus', corpus);
  expect(run.err).toBe('');
  expect(run.code).toBe(1);
  expect(run.out).toMatch(new RegExp(`^runs: +\\d+ generated, 0 replayed from the regression corpus, ${bundledCount} skipped \\(${bundledCount} other writers'\\)$`, 'm'));
  expect(run.out).toMatch(/FAILED .*\(found by search\)/);
  expect(JSON.parse(await readFile(corpus, 'utf8')).entries).toHaveLength(bundledCount + 1);
});

describe('a bad corpus file is refused in one line, exit 2, before anything runs or is written', () => {
  const sound = async () => JSON.parse(await readFile(BUNDLED, 'utf8')).entries[0];

  test.each([
    ['an entry {}', async () => ({ entries: [{}] }), /^error: regression corpus \S+ is not valid: entry 0: id is missing$/],
    [
      'a scenario without a tape',
      async () => {
        const e = await sound();
        delete e.scenario.tape;
        return { entries: [e] };
      },
      /^error: regression corpus \S+ is not valid: entry 0 \(id "[0-9a-f]+"\): scenario\.tape is missing$/,
    ],
  ])('%s', async (_, content, message) => {
    const corpus = join(dir, 'bad.json');
    const text = JSON.stringify(await content());
    await writeFile(corpus, text);
    for (const args of [
      ['run', '--variant', 'legacy', '--runs', '5', '--seed', '1', '--corpus', corpus],
      ['replay', '--variant', 'legacy', '--corpus', corpus, '--entry', 'abc'],
    ]) {
      const result = await cli(...args);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(message);
      expect(result.out).toBe(''); // no summary, no failure blamed on the writer
      expect(await readFile(corpus, 'utf8')).toBe(text);
    }
  });

  test.each([
    ['a FIFO', (p: string) => execFileSync('mkfifo', [p]), (s: Awaited<ReturnType<typeof lstat>>) => s.isFIFO()],
    ['a directory', (p: string) => mkdir(p), (s: Awaited<ReturnType<typeof lstat>>) => s.isDirectory()],
  ])('%s', async (kind, make, stillIs) => {
    const corpus = join(dir, 'corpus.json');
    await make(corpus);
    for (const args of [
      ['run', '--variant', 'legacy', '--runs', '5', '--seed', '1', '--corpus', corpus],
      ['replay', '--variant', 'legacy', '--corpus', corpus, '--entry', 'abc'],
    ]) {
      const result = await cli(...args);
      expect(result.code).toBe(2);
      expect(result.err).toBe(`error: regression corpus ${corpus} is ${kind}, not a regular file: refused`);
      expect(result.out).toBe('');
      expect(stillIs(await lstat(corpus))).toBe(true);
    }
  });
});

test('every seed, path and replay command of a failure names its profile, and the commands reproduce it', async () => {
  const corpus = join(dir, 'corpus.json');
  const found = await cli('run', '--variant', 'legacy', '--profile', 'recorder', '--runs', '200', '--seed', '5', '--corpus', corpus);
  expect(found.code).toBe(1);
  expect(found.out).toMatch(/^ {2}seed: 5 \(profile recorder\)$/m);
  expect(found.out).toMatch(/^ {2}path: [\d:]+ \(profile recorder\)$/m);
  const command = /replay: rollout-sim (.*)$/m.exec(found.out)![1];
  expect(command).toMatch(/^replay --variant legacy --profile recorder --seed 5 --path [\d:]+$/);
  expect(lastLine((await cli(...command.split(' '))).out)).toBe(lastLine(found.out));

  const again = await cli('run', '--variant', 'legacy', '--profile', 'recorder', '--runs', '200', '--seed', '6', '--corpus', corpus);
  expect(again.out).toMatch(/\(regression corpus\)/);
  expect(again.out).toMatch(/^ {2}seed: 5 \(profile recorder\)$/m);
  const fromCorpus = /replay: rollout-sim (.*)$/m.exec(again.out)![1];
  const { id } = JSON.parse(await readFile(corpus, 'utf8')).entries[0];
  expect(fromCorpus).toBe(`replay --variant legacy --profile recorder --corpus ${corpus} --entry ${id}`);
  expect(lastLine((await cli(...fromCorpus.split(' '))).out)).toBe(lastLine(found.out));
  // The entry was found under recorder: asking for it under another profile is refused, saying so.
  const wrong = await cli('replay', '--variant', 'legacy', '--profile', 'crash', '--corpus', corpus, '--entry', id);
  expect(wrong.code).toBe(2);
  expect(wrong.err).toBe(`error: entry "${id}" of the regression corpus ${corpus} was found with profile recorder, not crash`);
});
