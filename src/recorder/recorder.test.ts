import { memoryEnv, type MemoryEnv } from '../env/memory-env';
import { ChannelClosedError, InvalidItemError, RolloutFileNotFoundError, RolloutPathIsDirectoryError, SessionPathError, UnknownVariantError, UnserialisableItemError } from './errors';
import { loadHistory } from './history';
import { VARIANT_NAMES } from './lifecycle';
import { parseVariant, RolloutRecorder } from './recorder';
import { agentMessageDelta, userMessage } from './sample-items';

const HOME = '/home/agent';

async function messagesIn(env: MemoryEnv, path: string): Promise<string[]> {
  const history = await loadHistory(env.fs, path);
  return history.items.map((i) => (i.payload as { message: string }).message);
}

function exists(env: MemoryEnv, path: string): boolean {
  return env.volume.existsSync(path);
}

describe('openai/codex#16300 reproducer: a stale clone used after shutdown', () => {
  async function reproduce(variant: (typeof VARIANT_NAMES)[number]) {
    const env = memoryEnv();
    const original = await RolloutRecorder.create(env, { home: HOME, variant });
    await original.recordItems([userMessage('before')]);
    const stale = original.clone();
    const shutdown = await original.shutdown();
    const calls = {
      record: await stale.recordItems([userMessage('after')]).catch((e: Error) => e),
      persist: await stale.persist().catch((e: Error) => e),
      flush: await stale.flush().catch((e: Error) => e),
    };
    return { env, path: original.path, shutdown, calls };
  }

  test('legacy: every call on the stale clone rejects with "channel closed", naming the call', async () => {
    const { calls, env, path } = await reproduce('legacy');
    for (const [call, outcome] of Object.entries(calls)) {
      expect(outcome).toBeInstanceOf(ChannelClosedError);
      expect((outcome as Error).message).toBe(`failed to queue rollout ${call === 'record' ? 'items' : call}: channel closed`);
    }
    expect(await messagesIn(env, path)).toEqual(['before']);
  });

  test('flag-only: the record resolves as queued, yet the item never reaches the file', async () => {
    const { calls, env, path } = await reproduce('flag-only');
    expect(calls.record).toEqual({ status: 'queued', count: 1 });
    expect(calls.flush).toMatchObject({ status: 'ok' });
    expect(await messagesIn(env, path)).toEqual(['before']);
  });

  test('flag-only: a second shutdown, and any call after a discard, claim success and do nothing', async () => {
    const env = memoryEnv();
    const rec = await RolloutRecorder.create(env, { home: HOME, variant: 'flag-only' });
    await rec.recordItems([userMessage('before')]);
    expect(await rec.shutdown()).toMatchObject({ status: 'ok', path: rec.path });
    expect(await rec.clone().shutdown()).toEqual({ status: 'ok', path: undefined, recoveredFrom: [] });
    const discarded = await RolloutRecorder.create(env, { home: HOME, variant: 'flag-only', sessionId: 'discarded' });
    expect(await discarded.discard()).toMatchObject({ status: 'ok' });
    expect(await discarded.recordItems([userMessage('after')])).toEqual({ status: 'queued', count: 1 });
    expect(await discarded.flush()).toEqual({ status: 'ok', path: undefined, recoveredFrom: [] });
    expect(exists(env, discarded.path)).toBe(false);
  });

  test('reference: nothing throws, every call resolves closed, everything acknowledged before is in the file', async () => {
    const { calls, env, path, shutdown } = await reproduce('reference');
    expect(shutdown).toMatchObject({ status: 'ok', path });
    expect(calls).toEqual({ record: { status: 'closed' }, persist: { status: 'closed' }, flush: { status: 'closed' } });
    expect(await messagesIn(env, path)).toEqual(['before']);
  });
});

describe.each(VARIANT_NAMES)('writer behaviour shared by all variants (%s)', (variant) => {
  test('the file is created only on the first persist, with the metadata line first and order kept', async () => {
    const env = memoryEnv();
    const rec = await RolloutRecorder.create(env, { home: HOME, variant });
    await rec.recordItems([userMessage('1'), userMessage('2')]);
    await rec.clone().recordItems([userMessage('3')]);
    await Promise.resolve();
    expect(exists(env, rec.path)).toBe(false);
    expect(await rec.persist()).toMatchObject({ status: 'ok', path: rec.path });
    const text = env.volume.readFileSync(rec.path, 'utf8') as string;
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['session_meta', 'event_msg', 'event_msg', 'event_msg']);
    expect(lines[0].payload.id).toBe(rec.sessionId);
    expect(lines[0].timestamp).toBe('2026-01-02T03:04:05.678Z');
    // What a session that names none of them records about itself.
    expect(lines[0].payload).toMatchObject({ cwd: '/', originator: 'rollout-sim', cli_version: '0.0.0' });
    expect(await messagesIn(env, rec.path)).toEqual(['1', '2', '3']);
  });

  test('path is sessions/YYYY/MM/DD/rollout-<local time>-<id>.jsonl and the file has mode 0600', async () => {
    // 03:04 UTC on Jan 2 is 22:04 on Jan 1 at UTC-5.
    const env = memoryEnv({ utcOffsetMinutes: -300 });
    const rec = await RolloutRecorder.create(env, { home: HOME, variant, sessionId: 'abc-123' });
    expect(rec.path).toBe('/home/agent/sessions/2026/01/01/rollout-2026-01-01T22-04-05-abc-123.jsonl');
    await rec.persist();
    expect(env.volume.statSync(rec.path).mode & 0o777).toBe(0o600);
  });

  test('flush with nothing recorded creates no file; flush with items pending does', async () => {
    const env = memoryEnv();
    const rec = await RolloutRecorder.create(env, { home: HOME, variant });
    expect(await rec.flush()).toEqual({ status: 'ok', path: undefined, recoveredFrom: [] });
    expect(exists(env, rec.path)).toBe(false);
    await rec.recordItems([userMessage('x')]);
    expect(await rec.flush()).toMatchObject({ status: 'ok', path: rec.path });
    expect(await messagesIn(env, rec.path)).toEqual(['x']);
  });

  test('items the policy does not persist are not written, and such a call never touches the writer', async () => {
    const env = memoryEnv();
    const rec = await RolloutRecorder.create(env, { home: HOME, variant });
    await rec.recordItems([userMessage('kept'), agentMessageDelta('dropped')]);
    expect(await rec.recordItems([agentMessageDelta('only a delta')])).toEqual({ status: 'filtered' });
    await rec.shutdown();
    expect(await rec.recordItems([agentMessageDelta('after shutdown')])).toEqual({ status: 'filtered' });
    expect(await messagesIn(env, rec.path)).toEqual(['kept']);
  });

  test('resume appends to the existing file and writes no second metadata line', async () => {
    const env = memoryEnv();
    const first = await RolloutRecorder.create(env, { home: HOME, variant });
    await first.recordItems([userMessage('a')]);
    await first.shutdown();
    const resumed = await RolloutRecorder.resume(env, { home: HOME, path: first.path, variant });
    await resumed.recordItems([userMessage('b')]);
    await resumed.shutdown();
    // The resumed handle names the same session and file as the one that created it.
    expect(resumed.sessionId).toBe(first.sessionId);
    expect(resumed.path).toBe(first.path);
    const history = await loadHistory(env.fs, first.path);
    expect(history.extraMetaLines).toEqual([]);
    expect(history.items.map((i) => (i.payload as { message: string }).message)).toEqual(['a', 'b']);
  });

  test('an unserialisable item rejects at once, names the item, and drops nothing else queued', async () => {
    const env = memoryEnv();
    const rec = await RolloutRecorder.create(env, { home: HOME, variant });
    const circular: Record<string, unknown> = { type: 'user_message' };
    circular.self = circular;
    await rec.recordItems([userMessage('a')]);
    await expect(rec.recordItems([userMessage('ok'), { type: 'event_msg', payload: circular }])).rejects.toThrow(
      new UnserialisableItemError(1, 'x').message.split(':')[0],
    );
    await expect(rec.recordItems([{ type: 'response_item', payload: { big: 10n } }])).rejects.toBeInstanceOf(UnserialisableItemError);
    await expect(rec.recordItems([{ type: 'nonsense' as 'event_msg', payload: {} }])).rejects.toBeInstanceOf(InvalidItemError);
    await rec.recordItems([userMessage('b')]);
    await rec.shutdown();
    expect(await messagesIn(env, rec.path)).toEqual(['a', 'b']);
  });
});

describe('refusing paths that escape the sessions directory', () => {
  test.each(['../../etc/passwd', 'a/b', '..', '', 'x'.repeat(65)])('session id %p', async (sessionId) => {
    await expect(RolloutRecorder.create(memoryEnv(), { home: HOME, sessionId })).rejects.toBeInstanceOf(SessionPathError);
  });

  test.each(['/etc/passwd.jsonl', '../outside.jsonl', '/home/agent/sessions/../x.jsonl', '/home/agent/sessions/2026/notes.txt'])(
    'resume path %p',
    async (path) => {
      await expect(RolloutRecorder.resume(memoryEnv(), { home: HOME, path })).rejects.toThrow(/would escape the sessions directory/);
    },
  );

  test('resume of a missing file is a clear error naming it', async () => {
    const path = '/home/agent/sessions/2026/01/01/rollout-missing.jsonl';
    await expect(RolloutRecorder.resume(memoryEnv(), { home: HOME, path })).rejects.toEqual(new RolloutFileNotFoundError(path));
  });

  test('resume of a directory is a clear error naming it, and opens nothing', async () => {
    const env = memoryEnv();
    const path = '/home/agent/sessions/2026/01/01/rollout-dir.jsonl';
    env.volume.mkdirSync(path, { recursive: true });
    const opened: string[] = [];
    const fs = { ...env.fs, open: (p: string, flags: 'a' | 'ax' | 'r', mode?: number) => (opened.push(p), env.fs.open(p, flags, mode)) };
    await expect(RolloutRecorder.resume({ ...env, fs }, { home: HOME, path })).rejects.toEqual(new RolloutPathIsDirectoryError(path));
    expect(opened).toEqual([]);
  });

  test('resume of a file not named as create names them takes the whole name, less .jsonl, as the session id', async () => {
    const env = memoryEnv();
    env.volume.mkdirSync('/home/agent/sessions/imported', { recursive: true });
    env.volume.writeFileSync('/home/agent/sessions/imported/copy-of-rollout-2026-01-02T03-04-05-x.jsonl', '');
    const rec = await RolloutRecorder.resume(env, { home: HOME, path: 'imported/copy-of-rollout-2026-01-02T03-04-05-x.jsonl' });
    expect(rec.sessionId).toBe('copy-of-rollout-2026-01-02T03-04-05-x');
    expect(rec.path).toBe('/home/agent/sessions/imported/copy-of-rollout-2026-01-02T03-04-05-x.jsonl');
  });

  test('resume passes on a file system error other than a missing file, unchanged', async () => {
    const env = memoryEnv();
    const rec = await RolloutRecorder.create(env, { home: HOME });
    await rec.shutdown();
    const denied = Object.assign(new Error(`EACCES: permission denied, stat '${rec.path}'`), { code: 'EACCES' });
    const fs = { ...env.fs, stat: () => Promise.reject(denied) };
    await expect(RolloutRecorder.resume({ ...env, fs }, { home: HOME, path: rec.path })).rejects.toBe(denied);
  });

  test('an unknown variant name lists the known ones', () => {
    expect(() => parseVariant('fast')).toThrow(UnknownVariantError);
    expect(() => parseVariant('fast')).toThrow(/legacy, flag-only, reference/);
  });
});
