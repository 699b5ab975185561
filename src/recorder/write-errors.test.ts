// The writer's recovery from I/O errors and its backpressure, over a memfs env wrapped
// by a file system that fails or stalls the writes a test asks it to.
import type { FileHandle, FileSystem } from '../env/env';
import { memoryEnv, type MemoryEnv } from '../env/memory-env';
import { CHANNEL_CAPACITY } from './channel';
import { RolloutWriteError } from './errors';
import { loadHistory } from './history';
import { RolloutRecorder } from './recorder';
import { userMessage } from './sample-items';

const HOME = '/home/agent';

type WriteRule = (data: Uint8Array, handle: FileHandle) => Promise<{ bytesWritten: number }> | undefined;

/** Wraps `env.fs` so each write first asks `rules.shift()` (if any) what to do instead. */
function failingWrites(env: MemoryEnv, rules: WriteRule[]): MemoryEnv {
  const inner = env.fs;
  const fs: FileSystem = {
    ...inner,
    async open(path, flags, mode) {
      const handle = await inner.open(path, flags, mode);
      return {
        ...handle,
        write: (data) => rules.shift()?.(data, handle) ?? handle.write(data),
      };
    },
  };
  return { ...env, fs };
}

function eio(): Error {
  return Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
}

const failWrite: WriteRule = () => Promise.reject(eio());
/** Writes the first half of the bytes, then fails: a torn write. */
const tornWrite: WriteRule = async (data, handle) => {
  await handle.write(data.subarray(0, Math.floor(data.length / 2)));
  throw eio();
};
/** Writes a third of the bytes and reports it, without an error: the caller must go on. */
const shortWrite: WriteRule = (data, handle) => handle.write(data.subarray(0, Math.ceil(data.length / 3)));

async function messages(env: MemoryEnv, path: string) {
  const history = await loadHistory(env.fs, path);
  return { messages: history.items.map((i) => (i.payload as { message: string }).message), skipped: history.skipped };
}

describe('recovery from write errors', () => {
  test('a failed write is retried once at the barrier, after reopening, and the flush succeeds', async () => {
    const env = failingWrites(memoryEnv(), [failWrite]);
    const rec = await RolloutRecorder.create(env, { home: HOME });
    await rec.recordItems([userMessage('a'), userMessage('b')]);
    expect(await rec.flush()).toMatchObject({ status: 'ok' });
    expect(await messages(env, rec.path)).toEqual({ messages: ['a', 'b'], skipped: [] });
  });

  test('a torn write is completed from where it stopped: no torn line, no duplicate', async () => {
    const env = failingWrites(memoryEnv(), [tornWrite]);
    const rec = await RolloutRecorder.create(env, { home: HOME });
    await rec.recordItems([userMessage('a'), userMessage('b'), userMessage('c')]);
    expect(await rec.flush()).toMatchObject({ status: 'ok' });
    expect(await messages(env, rec.path)).toEqual({ messages: ['a', 'b', 'c'], skipped: [] });
  });

  test('short writes are continued until every byte is written', async () => {
    const env = failingWrites(memoryEnv(), [shortWrite, shortWrite, shortWrite]);
    const rec = await RolloutRecorder.create(env, { home: HOME });
    await rec.recordItems([userMessage('a'), userMessage('b')]);
    expect(await rec.shutdown()).toMatchObject({ status: 'ok' });
    expect(await messages(env, rec.path)).toEqual({ messages: ['a', 'b'], skipped: [] });
  });

  test('two failures at one barrier are reported through its result; the items are kept for the next barrier', async () => {
    const env = failingWrites(memoryEnv(), [failWrite, tornWrite]);
    const rec = await RolloutRecorder.create(env, { home: HOME });
    await rec.recordItems([userMessage('a')]);
    const failed = await rec.flush();
    expect(failed.status).toBe('failed');
    const error = (failed as { error: RolloutWriteError }).error;
    expect(error).toBeInstanceOf(RolloutWriteError);
    expect(error.message).toContain(rec.path);
    expect(error.causes).toHaveLength(2);
    await rec.recordItems([userMessage('b')]);
    expect(await rec.shutdown()).toMatchObject({ status: 'ok' });
    expect(await messages(env, rec.path)).toEqual({ messages: ['a', 'b'], skipped: [] });
  });

  test('an append that fails between barriers is reported by the next successful barrier', async () => {
    const env = memoryEnv();
    // The first write (metadata) passes; the write of the next append fails.
    const wrapped = await RolloutRecorder.create(failingWrites(env, [() => undefined, failWrite]), { home: HOME });
    await wrapped.persist();
    await wrapped.recordItems([userMessage('x')]);
    const outcome = await wrapped.flush();
    expect(outcome).toMatchObject({ status: 'ok' });
    expect((outcome.status === 'ok' ? outcome.recoveredFrom : []).join()).toMatch(/EIO/);
    expect(await messages(env, wrapped.path)).toEqual({ messages: ['x'], skipped: [] });
  });
});

describe('backpressure', () => {
  test(`senders wait once ${CHANNEL_CAPACITY} commands are queued, and go on in order as the writer drains`, async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const env = memoryEnv();
    const stalled = failingWrites(env, [() => undefined, async (data, handle) => (await gate, handle.write(data))]);
    const rec = await RolloutRecorder.create(stalled, { home: HOME });
    await rec.persist();
    await rec.recordItems([userMessage('in the writer')]);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    const queued = [];
    for (let i = 0; i < CHANNEL_CAPACITY; i++) queued.push(rec.recordItems([userMessage(`q${i}`)]));
    const settled: string[] = [];
    const over = [rec.recordItems([userMessage('over-1')]), rec.clone().recordItems([userMessage('over-2')])];
    over.forEach((p, i) => void p.then(() => settled.push(`over-${i + 1}`)));
    await Promise.all(queued);
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(settled).toEqual([]);
    release();
    await Promise.all(over);
    expect(settled).toEqual(['over-1', 'over-2']);
    await rec.shutdown();
    const { messages: written } = await messages(env, rec.path);
    expect(written).toHaveLength(CHANNEL_CAPACITY + 3);
    expect(written.slice(-2)).toEqual(['over-1', 'over-2']);
  });
});

describe('a failed fsync is sticky (Linux may have dropped the dirty pages: "fsyncgate")', () => {
  /** Fails the first `failures` fsyncs with EIO; later ones succeed, as Linux's do after dropping the pages. */
  function failingSyncs(env: MemoryEnv, failures: number): MemoryEnv & { syncs: number } {
    const inner = env.fs;
    const counted = { ...env, syncs: 0 };
    counted.fs = {
      ...inner,
      async open(path, flags, mode) {
        const handle = await inner.open(path, flags, mode);
        return {
          ...handle,
          sync: () => (counted.syncs++ < failures ? Promise.reject(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' })) : handle.sync()),
        };
      },
    };
    return counted;
  }

  test('the flush that saw it, and every later flush and the shutdown, report it; nothing is retried into a false ok', async () => {
    const env = failingSyncs(memoryEnv(), 1);
    const rec = await RolloutRecorder.create(env, { home: HOME });
    await rec.recordItems([userMessage('a')]);
    const first = await rec.flush();
    expect(first.status).toBe('failed');
    // Named once, by the flush that saw it, and not again as "an earlier fsync".
    if (first.status === 'failed') expect(first.error.causes).toEqual([expect.objectContaining({ message: 'EIO: i/o error, fsync' })]);
    expect(env.syncs).toBe(1); // no second fsync to paper over the first
    await rec.recordItems([userMessage('b')]);
    const later = await rec.flush();
    expect(later.status).toBe('failed');
    if (later.status === 'failed') expect(later.error.message).toMatch(/an earlier fsync failed: EIO/);
    expect(env.syncs).toBe(2); // later bytes are still synced, best effort
    expect((await rec.shutdown()).status).toBe('failed');
    // Readers still see everything: the data was written, only its durability is in doubt.
    expect(await messages(env, rec.path)).toEqual({ messages: ['a', 'b'], skipped: [] });
  });

  test('persist promises no durability, so it still succeeds after a failed fsync', async () => {
    const env = failingSyncs(memoryEnv(), 1);
    const rec = await RolloutRecorder.create(env, { home: HOME });
    await rec.recordItems([userMessage('a')]);
    expect((await rec.flush()).status).toBe('failed');
    await rec.recordItems([userMessage('b')]);
    expect((await rec.persist()).status).toBe('ok');
    expect(env.syncs).toBe(1); // and costs no fsync
  });
});

describe('what the file system reports about a write is checked, not trusted', () => {
  /** Writes nothing and reports `reported(data.length)` bytes: a file system that lies. */
  const reporting =
    (reported: (length: number) => number, seen: number[]): WriteRule =>
    async (data) => {
      seen.push(data.length);
      return { bytesWritten: reported(data.length) };
    };
  const zeroWrite: WriteRule = async () => ({ bytesWritten: 0 });
  const oneByteWrite: WriteRule = (data, handle) => handle.write(data.subarray(0, 1));
  const passMeta: WriteRule = () => undefined;

  /** Persists (the metadata write passes), records 'x' through `rules`, flushes. */
  async function appendThrough(rules: WriteRule[]) {
    const env = memoryEnv();
    const rec = await RolloutRecorder.create(failingWrites(env, [passMeta, ...rules]), { home: HOME });
    await rec.persist();
    await rec.recordItems([userMessage('x')]);
    const outcome = await rec.flush();
    return { outcome, recoveredFrom: outcome.status === 'ok' ? outcome.recoveredFrom : [], path: rec.path, env };
  }

  test.each([
    ['more bytes than it was given', (n: number) => n + 1],
    ['a negative count', () => -1],
  ])('a write reported as %s is an error naming the count; nothing is lost', async (_, reported) => {
    const seen: number[] = [];
    const { outcome, recoveredFrom, path, env } = await appendThrough([reporting(reported, seen)]);
    expect(outcome.status).toBe('ok');
    expect(recoveredFrom).toEqual([`file system reported ${reported(seen[0])} bytes written of ${seen[0]}`]);
    expect(await messages(env, path)).toEqual({ messages: ['x'], skipped: [] });
  });

  test('fewer zero-byte writes in a row than the limit are waited out, with no error', async () => {
    const { recoveredFrom, path, env } = await appendThrough(Array<WriteRule>(7).fill(zeroWrite));
    expect(recoveredFrom).toEqual([]);
    expect(await messages(env, path)).toEqual({ messages: ['x'], skipped: [] });
  });

  test('eight zero-byte writes in a row give up, naming the path; the barrier then writes the line', async () => {
    const { recoveredFrom, path, env } = await appendThrough(Array<WriteRule>(8).fill(zeroWrite));
    expect(recoveredFrom).toEqual([`write made no progress 8 times in a row on ${path}`]);
    expect(await messages(env, path)).toEqual({ messages: ['x'], skipped: [] });
  });

  test('slow progress is not a stall: many one-byte writes in a row go through with no error', async () => {
    const { recoveredFrom, path, env } = await appendThrough(Array<WriteRule>(20).fill(oneByteWrite));
    expect(recoveredFrom).toEqual([]);
    expect(await messages(env, path)).toEqual({ messages: ['x'], skipped: [] });
  });
});

describe('after a failed write the reopened writer realigns with the file size', () => {
  /** Writes every byte, then reports an error: the data went in, the caller cannot know. */
  const fullThenFail: WriteRule = async (data, handle) => {
    await handle.write(data);
    throw eio();
  };

  test('a write that landed in full but failed is not written again: no duplicate', async () => {
    const env = failingWrites(memoryEnv(), [fullThenFail]);
    const rec = await RolloutRecorder.create(env, { home: HOME });
    await rec.recordItems([userMessage('a'), userMessage('b')]);
    expect(await rec.flush()).toMatchObject({ status: 'ok' });
    const history = await loadHistory(env.fs, rec.path);
    expect(history.extraMetaLines).toEqual([]);
    expect(await messages(env, rec.path)).toEqual({ messages: ['a', 'b'], skipped: [] });
  });

  /**
   * Writes the metadata and 'a' durably (one write), then fails the append of 'b' (kept pending), lets `meddle` change
   * the file behind the writer's back, and flushes: the reopen must find the change.
   */
  async function changedBehindItsBack(meddle: (env: MemoryEnv, path: string) => void) {
    const env = memoryEnv();
    const rec = await RolloutRecorder.create(failingWrites(env, [() => undefined, failWrite]), { home: HOME });
    await rec.recordItems([userMessage('a')]);
    expect(await rec.flush()).toMatchObject({ status: 'ok' });
    await rec.recordItems([userMessage('b')]);
    meddle(env, rec.path);
    expect(await rec.flush()).toMatchObject({ status: 'ok' });
    return { env, path: rec.path };
  }

  test('a file cut short: the pending line starts on a fresh line, whole; the cut line is reported', async () => {
    const { env, path } = await changedBehindItsBack((e, p) => e.volume.truncateSync(p, (e.volume.statSync(p).size as number) - 5));
    expect(await messages(env, path)).toEqual({ messages: ['b'], skipped: [expect.objectContaining({ line: 2 })] });
  });

  test('a file grown by more than the writer holds: the pending line starts on a fresh line, whole', async () => {
    const { env, path } = await changedBehindItsBack((e, p) => e.volume.appendFileSync(p, 'z'.repeat(500)));
    expect(await messages(env, path)).toEqual({ messages: ['a', 'b'], skipped: [expect.objectContaining({ line: 3 })] });
  });

  test('a file emptied: the pending line goes in from the start, with no stray newline before it', async () => {
    const { env, path } = await changedBehindItsBack((e, p) => e.volume.truncateSync(p, 0));
    const text = env.volume.readFileSync(path, 'utf8') as string;
    expect(text.split('\n')).toEqual([expect.stringContaining('"message":"b"'), '']);
  });
});

describe('handles', () => {
  /** Counts handles opened and not yet closed; `failCloses` closes fail with EBADF (the handle is still released). */
  function trackedHandles(env: MemoryEnv, failCloses = false): MemoryEnv & { open: number } {
    const inner = env.fs;
    const tracked = { ...env, open: 0 };
    tracked.fs = {
      ...inner,
      async open(path, flags, mode) {
        const handle = await inner.open(path, flags, mode);
        tracked.open++;
        return {
          ...handle,
          close: async () => {
            await handle.close();
            tracked.open--;
            if (failCloses) throw Object.assign(new Error('EBADF: bad file descriptor, close'), { code: 'EBADF' });
          },
        };
      },
    };
    return tracked;
  }

  test('shutdown closes the file, for a new and for a resumed session', async () => {
    const env = trackedHandles(memoryEnv());
    const rec = await RolloutRecorder.create(env, { home: HOME });
    await rec.recordItems([userMessage('a')]);
    expect(await rec.shutdown()).toMatchObject({ status: 'ok' });
    expect(env.open).toBe(0);
    const resumed = await RolloutRecorder.resume(env, { home: HOME, path: rec.path });
    await resumed.recordItems([userMessage('b')]);
    expect(await resumed.shutdown()).toMatchObject({ status: 'ok' });
    expect(env.open).toBe(0);
  });

  test('an error closing a broken handle is reported along with the write error', async () => {
    const base = memoryEnv();
    const env = failingWrites(trackedHandles(base, true), [() => undefined, failWrite]);
    const rec = await RolloutRecorder.create(env, { home: HOME });
    await rec.persist();
    await rec.recordItems([userMessage('x')]);
    const outcome = await rec.flush();
    expect(outcome).toMatchObject({ status: 'ok' });
    expect(outcome.status === 'ok' && outcome.recoveredFrom).toEqual(['EIO: i/o error, write', 'closing the broken handle: EBADF: bad file descriptor, close']);
    expect(await messages(base, rec.path)).toEqual({ messages: ['x'], skipped: [] });
  });
});

describe('discard stops the writer without writing', () => {
  test('before the file exists: nothing is created, ok with no path and nothing to report', async () => {
    const env = memoryEnv();
    const rec = await RolloutRecorder.create(env, { home: HOME });
    await rec.recordItems([userMessage('never written')]);
    expect(await rec.discard()).toEqual({ status: 'ok', path: undefined, recoveredFrom: [] });
    expect(env.volume.existsSync(rec.path)).toBe(false);
  });

  test('lines a failed write left pending are dropped, not written, and the handle is closed', async () => {
    const env = memoryEnv();
    const rec = await RolloutRecorder.create(failingWrites(env, [() => undefined, failWrite]), { home: HOME });
    await rec.persist();
    await rec.recordItems([userMessage('dropped')]);
    expect(await rec.discard()).toMatchObject({ status: 'ok', path: rec.path });
    expect(await messages(env, rec.path)).toEqual({ messages: [], skipped: [] });
  });

  test('the writer is stopped: a legacy handle then rejects "channel closed"', async () => {
    const rec = await RolloutRecorder.create(memoryEnv(), { home: HOME, variant: 'legacy' });
    expect(await rec.discard()).toMatchObject({ status: 'ok' });
    await expect(rec.flush()).rejects.toThrow('failed to queue rollout flush: channel closed');
  });
});
