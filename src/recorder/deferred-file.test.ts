// Items recorded before the file exists (deferred creation) are held in memory no more
// than the channel holds: once the writer holds a channel's worth, it creates the file
// and writes them, and while it does, senders wait as on a full channel.
import type { FileSystem } from '../env/env';
import { memoryEnv, type MemoryEnv } from '../env/memory-env';
import { loadHistory } from './history';
import { VARIANT_NAMES } from './lifecycle';
import { RolloutRecorder } from './recorder';
import { userMessage } from './sample-items';

const HOME = '/home/agent';
const CAPACITY = 4;

/** Wraps `env.fs` so that opening a file first asks `onOpen` (which may stall or fail it), and counts opens. */
function watchedOpens(env: MemoryEnv, onOpen: (n: number) => Promise<void> = () => Promise.resolve()): MemoryEnv & { opens: string[] } {
  const inner = env.fs;
  const opens: string[] = [];
  const fs: FileSystem = {
    ...inner,
    async open(path, flags, mode) {
      opens.push(path);
      await onOpen(opens.length);
      return inner.open(path, flags, mode);
    },
  };
  return { ...env, fs, opens };
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

async function messagesIn(env: MemoryEnv, path: string): Promise<{ first: string; messages: string[] }> {
  const history = await loadHistory(env.fs, path);
  return { first: history.meta.line === 1 ? 'session_meta' : 'other', messages: history.items.map((i) => (i.payload as { message: string }).message) };
}

const names = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `m${from + i}`);

describe.each(VARIANT_NAMES)('before the first persist (%s)', (variant) => {
  test('callers that do not await are held back once a channel of commands waits for the file: senders wait while it is created', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const env = watchedOpens(memoryEnv(), () => gate);
    const rec = await RolloutRecorder.create(env, { home: HOME, variant, channelCapacity: CAPACITY });
    let admitted = 0;
    const calls = names(3 * CAPACITY).map((m) => rec.recordItems([userMessage(m)]).then((outcome) => (admitted++, outcome)));
    await settle();
    // The writer holds CAPACITY commands and is creating the file; CAPACITY more fill the channel.
    expect(env.opens).toEqual([rec.path]);
    expect(admitted).toBe(2 * CAPACITY);
    open();
    expect(await Promise.all(calls)).toEqual(names(3 * CAPACITY).map(() => ({ status: 'queued', count: 1 })));
    expect(await rec.persist()).toMatchObject({ status: 'ok', path: rec.path });
    expect(await messagesIn(env, rec.path)).toEqual({ first: 'session_meta', messages: names(3 * CAPACITY) });
  });

  test('a caller that awaits each call: the command that fills the buffer creates the file, metadata first, and later items follow it', async () => {
    const env = memoryEnv();
    const rec = await RolloutRecorder.create(env, { home: HOME, variant, channelCapacity: CAPACITY });
    for (const m of names(CAPACITY - 1)) await rec.recordItems([userMessage(m)]);
    await settle();
    expect(env.volume.existsSync(rec.path)).toBe(false);
    await rec.recordItems([userMessage(`m${CAPACITY - 1}`)]);
    await settle();
    expect(await messagesIn(env, rec.path)).toEqual({ first: 'session_meta', messages: names(CAPACITY) });
    for (const m of names(2 * CAPACITY, CAPACITY)) await rec.recordItems([userMessage(m)]);
    expect(await rec.persist()).toMatchObject({ status: 'ok', path: rec.path });
    expect(await rec.shutdown()).toMatchObject({ status: 'ok', path: rec.path });
    expect(await messagesIn(env, rec.path)).toEqual({ first: 'session_meta', messages: names(3 * CAPACITY) });
  });
});

describe('when creating the file early fails', () => {
  test('the items stay in memory, creation is retried only at the next barrier, which reports the error, and nothing is lost', async () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, open'), { code: 'ENOSPC' });
    const env = watchedOpens(memoryEnv(), (n) => (n === 1 ? Promise.reject(enospc) : Promise.resolve()));
    const rec = await RolloutRecorder.create(env, { home: HOME, channelCapacity: CAPACITY });
    for (const m of names(3 * CAPACITY)) expect(await rec.recordItems([userMessage(m)])).toEqual({ status: 'queued', count: 1 });
    await settle();
    // One attempt when the buffer filled; none per later item.
    expect(env.opens).toHaveLength(1);
    expect(env.volume.existsSync(rec.path)).toBe(false);
    const flushed = await rec.flush();
    expect(flushed).toMatchObject({ status: 'ok', path: rec.path });
    expect(flushed.status === 'ok' && flushed.recoveredFrom.join()).toMatch(/ENOSPC/);
    expect(env.opens).toHaveLength(2);
    expect(await messagesIn(env, rec.path)).toEqual({ first: 'session_meta', messages: names(3 * CAPACITY) });
  });
});
