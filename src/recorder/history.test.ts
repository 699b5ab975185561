import { memoryEnv } from '../env/memory-env';
import { EmptyRolloutFileError, MissingSessionMetaError, RolloutFileNotFoundError, RolloutPathIsDirectoryError } from './errors';
import { loadHistory, parseHistory } from './history';

const META = '{"timestamp":"2026-01-02T03:04:05.678Z","type":"session_meta","payload":{"id":"s"}}';
const item = (n: number) => `{"timestamp":"2026-01-02T03:04:05.678Z","type":"event_msg","payload":{"type":"user_message","message":"${n}"}}`;

describe('loadHistory', () => {
  test('returns the metadata and the items in order, skipping blank lines', () => {
    const history = parseHistory('f.jsonl', [META, item(1), '', '   ', item(2), ''].join('\n'));
    expect(history.meta).toMatchObject({ line: 1, payload: { id: 's' } });
    expect(history.items.map((i) => [i.line, (i.payload as { message: string }).message])).toEqual([
      [2, '1'],
      [5, '2'],
    ]);
    expect(history.skipped).toEqual([]);
    expect(history.endsWithNewline).toBe(true);
  });

  test('reports a torn final line with its line number instead of dropping it silently', () => {
    const torn = item(3).slice(0, 30);
    const history = parseHistory('f.jsonl', [META, item(1), torn].join('\n'));
    expect(history.items).toHaveLength(1);
    expect(history.skipped).toEqual([{ line: 3, kind: 'torn', reason: expect.any(String), excerpt: torn }]);
    expect(history.endsWithNewline).toBe(false);
  });

  test('a final line without a newline is torn even when it parses: the write that ended it may not have finished', () => {
    const history = parseHistory('f.jsonl', [META, item(1), item(2)].join('\n'));
    expect(history.items.map((i) => i.line)).toEqual([2]);
    expect(history.skipped).toEqual([{ line: 3, kind: 'torn', reason: 'no newline at the end of the file', excerpt: item(2).slice(0, 80) }]);
    expect(parseHistory('f.jsonl', `${META}\n  `).skipped.map((l) => l.line)).toEqual([2]);
    // A metadata line cut off that way is not a metadata line.
    expect(() => parseHistory('/x/meta-only.jsonl', META)).toThrow(MissingSessionMetaError);
  });

  test('reports a torn line in the middle and JSON that is not a rollout line', () => {
    const text = [META, item(1).slice(0, 12), item(2), '[1,2]', '{"timestamp":"t","type":"bogus","payload":1}', '{"type":"event_msg"}', item(3)].join('\n') + '\n';
    const history = parseHistory('f.jsonl', text);
    expect(history.items.map((i) => i.line)).toEqual([3, 7]);
    expect(history.skipped.map((s) => [s.line, s.kind])).toEqual([
      [2, 'torn'],
      [4, 'invalid'],
      [5, 'invalid'],
      [6, 'invalid'],
    ]);
    expect(history.skipped[2].reason).toMatch(/"bogus" is not one of/);
  });

  test.each<[string, string]>([
    ['null', 'not a JSON object'],
    ['42', 'not a JSON object'],
    ['"a string"', 'not a JSON object'],
    ['true', 'not a JSON object'],
    ['[{"timestamp":"t","type":"event_msg","payload":1}]', 'not a JSON object'],
    ['{"type":"event_msg","payload":1}', 'no string "timestamp"'],
    ['{"timestamp":5,"type":"event_msg","payload":1}', 'no string "timestamp"'],
    ['{"timestamp":"t","type":"bogus","payload":1}', '"type" "bogus" is not one of session_meta, response_item, compacted, turn_context, event_msg'],
    ['{"timestamp":"t","payload":1}', '"type" undefined is not one of session_meta, response_item, compacted, turn_context, event_msg'],
    ['{"timestamp":"t","type":"event_msg"}', 'no "payload"'],
  ])('a complete line that is JSON but not a rollout line (%s) is skipped as invalid, saying why', (bad, reason) => {
    const history = parseHistory('f.jsonl', [META, item(1), bad, item(2), ''].join('\n'));
    expect(history.items.map((i) => i.line)).toEqual([2, 4]);
    expect(history.skipped).toEqual([{ line: 3, kind: 'invalid', reason, excerpt: bad }]);
  });

  test('a skipped line is reported with its first 80 characters', () => {
    const long = `{"timestamp":"t","type":"event_msg","payload":"${'x'.repeat(200)}`;
    const history = parseHistory('f.jsonl', [META, long, item(1), ''].join('\n'));
    expect(history.skipped).toEqual([{ line: 2, kind: 'torn', reason: expect.stringMatching(/JSON/), excerpt: long.slice(0, 80) }]);
    expect(history.skipped[0].excerpt).toHaveLength(80);
  });

  test('the first metadata line is authoritative; later ones are reported, not items', () => {
    const other = META.replace('"id":"s"', '"id":"other"');
    const history = parseHistory('f.jsonl', [META, item(1), other, ''].join('\n'));
    expect(history.meta.payload).toEqual({ id: 's' });
    expect(history.extraMetaLines).toEqual([3]);
    expect(history.items).toHaveLength(1);
  });

  test('an empty file, a blank file and a file without metadata are errors naming the file', () => {
    expect(() => parseHistory('/x/empty.jsonl', '')).toThrow(new EmptyRolloutFileError('/x/empty.jsonl'));
    expect(() => parseHistory('/x/blank.jsonl', '\n\n  \n')).toThrow(EmptyRolloutFileError);
    expect(() => parseHistory('/x/empty.jsonl', '')).toThrow('rollout file is empty: /x/empty.jsonl');
    expect(() => parseHistory('/x/blank.jsonl', '\n\n  \n')).toThrow('rollout file is empty: /x/blank.jsonl');
    expect(() => parseHistory('/x/nometa.jsonl', item(1) + '\n')).toThrow(MissingSessionMetaError);
    expect(() => parseHistory('/x/nometa.jsonl', item(1) + '\n')).toThrow(/no session_meta line.*\/x\/nometa.jsonl/);
  });

  test('a missing file is a RolloutFileNotFoundError naming the path', async () => {
    await expect(loadHistory(memoryEnv().fs, '/nope.jsonl')).rejects.toEqual(new RolloutFileNotFoundError('/nope.jsonl'));
  });

  test('a directory is a RolloutPathIsDirectoryError naming the path, not a raw EISDIR', async () => {
    const env = memoryEnv();
    env.volume.mkdirSync('/h/sessions/2026', { recursive: true });
    await expect(loadHistory(env.fs, '/h/sessions/2026')).rejects.toEqual(new RolloutPathIsDirectoryError('/h/sessions/2026'));
  });

  test('any other read error passes through unchanged', async () => {
    const denied = Object.assign(new Error('EACCES: permission denied, open'), { code: 'EACCES' });
    const fs = { ...memoryEnv().fs, readFile: () => Promise.reject(denied) };
    await expect(loadHistory(fs, '/h/a.jsonl')).rejects.toBe(denied);
  });
});
