// `rollout-sim trace`: one seed's trace, the same every time, ending in the trace hash a
// user compares across machines; jsonl output is machine-readable line by line.
import { createHash } from 'node:crypto';
import { main } from '../cli/main';
import { writerForVariant } from '../adapters/variants';
import { scenarioForSeed } from './scenario-arbitrary';
import { simulate } from './simulation';

/** Runs the command in-process; returns its exit code and what it printed, one entry per line. */
async function cli(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const printed: string[] = [];
  const code = await main(['node', 'rollout-sim', ...args], (text) => printed.push(text));
  return { code, lines: printed.flatMap((text) => text.split('\n')) };
}

const TRACE_HASH_LINE = /^trace-hash: [0-9a-f]{64}$/;

let errors: jest.SpyInstance;
beforeEach(() => {
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => errors.mockRestore());

describe('rollout-sim trace', () => {
  test('prints the same trace twice, ending in the trace hash of the in-process run', async () => {
    const first = await cli('trace', '--variant', 'reference', '--seed', '7');
    const second = await cli('trace', '--variant', 'reference', '--seed', '7');
    expect(first.code).toBe(0);
    expect(second).toEqual(first);
    expect(first.lines.length).toBeGreaterThan(5);
    expect(first.lines[0]).toMatch(/^variant: reference {2}seed: 7 {2}strategy: (random|pct)$/);
    expect(first.lines.at(-2)).toMatch(/^result: .* after \d+ steps$/);
    const last = first.lines.at(-1) ?? '';
    expect(last).toMatch(TRACE_HASH_LINE);
    const { hash } = await simulate(writerForVariant('reference'), scenarioForSeed(7));
    expect(last).toBe(`trace-hash: ${hash}`);
    expect(errors).not.toHaveBeenCalled();
  });

  test('the hash tells seeds apart', async () => {
    const hashes = new Set<string | undefined>();
    for (const seed of ['7', '8', '9', '10', '11']) hashes.add((await cli('trace', '--variant', 'reference', '--seed', seed)).lines.at(-1));
    expect(hashes.size).toBeGreaterThan(1);
  });

  test('--format jsonl prints the format line, one parseable JSON object per trace entry, then the hash of exactly the entry lines', async () => {
    const { code, lines } = await cli('trace', '--variant', 'reference', '--seed', '7', '--format', 'jsonl');
    expect(code).toBe(0);
    expect(JSON.parse(lines[0])).toEqual({ format: 'rollout-sim-trace', version: 2 });
    const hashLine = lines.at(-1) ?? '';
    expect(hashLine).toMatch(TRACE_HASH_LINE);
    const jsonLines = lines.slice(1, -1);
    const { trace } = await simulate(writerForVariant('reference'), scenarioForSeed(7));
    expect(jsonLines).toHaveLength(trace.entries.length);
    jsonLines.forEach((line, i) => {
      const parsed: unknown = JSON.parse(line);
      expect(parsed).toEqual(trace.entries[i]);
      expect(parsed).toMatchObject({ step: expect.any(Number), t: expect.any(Number), kind: expect.any(String) });
    });
    // The run ends with its `end` entry, then one `file` entry per file: the bytes are part of the hash.
    const kinds = jsonLines.map((line) => (JSON.parse(line) as { kind: string }).kind);
    const end = kinds.lastIndexOf('end');
    expect(end).toBeGreaterThan(0);
    expect(kinds.slice(end + 1)).toEqual(['file']);
    expect(JSON.parse(jsonLines.at(-1) ?? '')).toMatchObject({ kind: 'file', visible: expect.stringMatching(/^[0-9a-f]{16}$/) });
    // The hash can be checked from the printed lines alone: sha256 of the JSON lines, newline-terminated.
    const recomputed = createHash('sha256').update(jsonLines.join('\n') + '\n').digest('hex');
    expect(hashLine).toBe(`trace-hash: ${recomputed}`);
  });

  test('text and jsonl runs of a seed report the same hash', async () => {
    const text = await cli('trace', '--variant', 'flag-only', '--seed', '3');
    const jsonl = await cli('trace', '--variant', 'flag-only', '--seed', '3', '--format', 'jsonl');
    expect(text.lines.at(-1)).toBe(jsonl.lines.at(-1));
  });

  test('an unknown --variant exits 2, naming the known variants, and prints no trace', async () => {
    const { code, lines } = await cli('trace', '--variant', 'bogus', '--seed', '7');
    expect(code).toBe(2);
    expect(lines.some((l) => TRACE_HASH_LINE.test(l))).toBe(false);
    const message = errors.mock.calls.map((c: unknown[]) => String(c[0])).join('\n');
    expect(message).toMatch(/bogus/);
    expect(message).toMatch(/legacy/);
    expect(message).toMatch(/reference/);
  });

  test.each([
    ['a bad --format', ['--variant', 'reference', '--seed', '7', '--format', 'yaml']],
    ['a bad --seed', ['--variant', 'reference', '--seed', 'seven']],
    ['a missing --seed', ['--variant', 'reference']],
  ])('%s exits 2', async (_name, args) => {
    const { code, lines } = await cli('trace', ...args);
    expect(code).toBe(2);
    expect(lines.some((l) => TRACE_HASH_LINE.test(l))).toBe(false);
    expect(errors).toHaveBeenCalled();
  });
});
