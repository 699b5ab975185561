// `--html FILE` on trace, replay and run: the report of the run the command printed, with
// the same trace hash and the same replay command; a path that cannot be written is
// refused before any run.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { htmlPathFrom, writeHtmlReport } from './html-option';
import { inProcessCli } from './fixtures/in-process-cli';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'rollout-sim-html-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; lines: string[]; err: string[] }> {
  const { code, out, err } = await inProcessCli(args);
  const lines = (text: string) => (text === '' ? [] : text.split('\n'));
  return { code, lines: lines(out), err: lines(err) };
}

/** What the page names: the replay command and the trace hash. */
function shown(file: string): { replay: string; hash: string } {
  const html = readFileSync(file, 'utf8');
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return {
    replay: unescape(/<code id="replay-command">([^<]*)<\/code>/.exec(html)![1]),
    hash: /data-field="trace hash">([0-9a-f]{64})</.exec(html)![1],
  };
}

const printedHash = (lines: readonly string[]) => lines.find((l) => l.startsWith('trace-hash: '))!.slice('trace-hash: '.length);

test('trace --html writes the run as a report: its hash is the printed one, and it names the command that prints it again', async () => {
  const file = join(dir, 'nested', 'trace.html');
  const { code, lines } = await cli('trace', '--variant', 'reference', '--profile', 'crash', '--seed', '9', '--html', file);
  expect(code).toBe(0);
  expect(lines.at(-1)).toBe(`html report: ${file}`);
  expect(shown(file)).toEqual({ replay: 'rollout-sim trace --variant reference --profile crash --seed 9', hash: printedHash(lines) });
});

test('run --html reports the first failure\'s shrunk run, and replay --html the same run with the same replay command', async () => {
  const found = join(dir, 'run.html');
  const run = await cli('run', '--variant', 'legacy', '--runs', '200', '--seed', '1', '--no-corpus', '--html', found);
  expect(run.code).toBe(1);
  expect(run.lines.at(-1)).toBe(`html report: ${found}`);
  const replay = run.lines.find((l) => l.startsWith('  replay: '))!.slice('  replay: '.length);
  expect(shown(found)).toEqual({ replay, hash: printedHash(run.lines) });

  const replayed = join(dir, 'replay.html');
  const [, ...args] = replay.split(' ');
  const again = await cli(...args, '--html', replayed);
  expect(again.code).toBe(1);
  expect(readFileSync(replayed, 'utf8')).toBe(readFileSync(found, 'utf8'));
});

test('run --html with nothing failing says so and writes no file', async () => {
  const file = join(dir, 'none.html');
  const { code, lines } = await cli('run', '--variant', 'reference', '--runs', '5', '--seed', '1', '--no-corpus', '--html', file);
  expect(code).toBe(0);
  expect(lines.at(-1)).toBe(`html report: none written to ${file} -- nothing failed`);
  expect(existsSync(file)).toBe(false);
});

test('run --fs real --html says a run over the real file system has nothing to draw, and writes no file', async () => {
  const file = join(dir, 'real.html');
  const { code, lines } = await cli('run', '--variant', 'reference', '--fs', 'real', '--runs', '2', '--seed', '1', '--html', file);
  expect(code).toBe(0);
  expect(lines.at(-1)).toBe(`html report: none written to ${file} -- a run over the real file system keeps no trace`);
  expect(existsSync(file)).toBe(false);
});

test('an --html path that cannot be written is refused, naming it, before any run', async () => {
  for (const command of [['trace', '--seed', '1'], ['replay', '--seed', '1', '--path', '0'], ['run', '--runs', '5', '--no-corpus']]) {
    const { code, lines, err } = await cli(...command, '--variant', 'legacy', '--html', dir);
    expect(code).toBe(2);
    expect(err).toEqual([`error: --html ${dir} cannot be written: it is a directory`]);
    expect(lines).toEqual([]);
  }
});

test('the watchdog reads the report path from argv in both spellings commander takes', () => {
  expect(htmlPathFrom(['run', '--runs', '5', '--html', 'a.html'])).toBe('a.html');
  expect(htmlPathFrom(['trace', '--html=b c.html', '--seed', '1'])).toBe('b c.html');
  expect(htmlPathFrom(['run', '--junit', 'x.xml'])).toBeUndefined();
});

test('trace --format jsonl --html still ends its output with the hash line; where the report went is said on the error stream', async () => {
  const file = join(dir, 'jsonl.html');
  const { code, lines, err } = await cli('trace', '--variant', 'legacy', '--seed', '3', '--format', 'jsonl', '--html', file);
  expect(code).toBe(0);
  expect(lines.at(-1)).toMatch(/^trace-hash: [0-9a-f]{64}$/);
  expect(err).toEqual([`html report: ${file}`]);
  expect(existsSync(file)).toBe(true);
});

test('a report that cannot be built or written is an error line; exit 0 becomes 2, a failure keeps its 1', async () => {
  const said: string[] = [];
  const say = { out: (l: string) => said.push(`out: ${l}`), err: (l: string) => said.push(`err: ${l}`) };
  const broken = () => {
    throw new Error('the trace lines hash to x, not to y');
  };
  expect(await writeHtmlReport(join(dir, 'x.html'), broken, 0, say)).toBe(2);
  expect(await writeHtmlReport(join(dir, 'x.html'), broken, 1, say)).toBe(1);
  expect(said).toEqual([`err: error: the HTML report could not be written to ${join(dir, 'x.html')}: the trace lines hash to x, not to y`, expect.stringMatching(/^err: /)]);
  expect(existsSync(join(dir, 'x.html'))).toBe(false);
});
