// node:fs's operations on the simulated file system: pending until the scheduler
// completes them (or at once, for *Sync calls), traced, budgeted, meeting the fault plan,
// and keeping the page cache right through rewrites, truncation, renames and unlinks.
import { Volume } from 'memfs';
import { FaultInjector, type Fault } from './fault-plan';
import { PageCache } from './page-cache';
import { SimClock } from './sim-clock';
import { FsCallBudgetError, SimFileSystem } from './sim-fs';

interface World {
  fs: SimFileSystem;
  volume: InstanceType<typeof Volume>;
  cache: PageCache;
  clock: SimClock;
  faults: FaultInjector;
  lines: string[];
}

function world(faults: readonly Fault[] = [], maxCalls = 1000): World {
  const volume = new Volume();
  volume.mkdirSync('/logs', { recursive: true });
  const cache = new PageCache(volume);
  const clock = new SimClock(0, 0);
  const lines: string[] = [];
  const injector = new FaultInjector({ faults }, (kind, detail) => lines.push(`FAULT ${kind}: ${detail}`));
  const fs = new SimFileSystem({
    volume,
    cache,
    faults: injector,
    clock,
    maxCalls,
    cwd: '/logs',
    log: { fs: (_source, op, path, result) => lines.push(`${op} ${path}: ${result}`) },
  });
  return { fs, volume, cache, clock, faults: injector, lines };
}

/** Completes pending events oldest first until none is left (or none is ready). */
async function drain(w: World, order: 'oldest' | 'newest' = 'oldest'): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    const ready = w.fs.pending.filter((e) => e.ready);
    const next = order === 'oldest' ? ready[0] : ready.at(-1);
    if (!next) return;
    next.complete();
    await null;
  }
  throw new Error('drain did not finish');
}

/** Runs a plan as a pending event and completes it. */
async function done<T>(w: World, plan: Parameters<SimFileSystem['perform']>[0] & { apply(): { value: T; result: string } }): Promise<T> {
  const p = w.fs.perform(plan);
  await drain(w);
  return p;
}

const text = (w: World, path: string) => String(w.volume.readFileSync(path, 'utf8'));

test('an asynchronous call is a pending event: nothing happens until the scheduler completes it', async () => {
  const w = world();
  const opening = w.fs.perform(w.fs.node.open('app.log', 'a'));
  expect(w.fs.pending.map((e) => [e.op, e.path])).toEqual([['open', '/logs/app.log']]);
  expect(w.volume.existsSync('/logs/app.log')).toBe(false);
  w.fs.pending[0].complete();
  const fd = await opening;
  expect(fd).toBe(3);
  const writing = w.fs.perform(w.fs.node.write(fd, Buffer.from('one\n'), null));
  expect(text(w, '/logs/app.log')).toBe('');
  await drain(w);
  expect(await writing).toBe(4);
  expect(text(w, '/logs/app.log')).toBe('one\n');
  await done(w, w.fs.node.fsync(fd));
  await done(w, w.fs.node.close(fd));
  expect(w.lines).toEqual([
    'open /logs/app.log: fd 3 (a)',
    expect.stringMatching(/^write \/logs\/app.log: 4\/4 bytes, data [0-9a-f]{16}$/),
    'fsync /logs/app.log: durable 4 bytes',
    'close /logs/app.log: ok',
  ]);
  expect(w.fs.submitted).toBe(4);
});

test('a synchronous call completes at once, is traced as <op>Sync and counted in the budget', () => {
  const w = world([], 3);
  const fd = w.fs.performSync(w.fs.node.open('/logs/s.log', 'a'));
  expect(w.fs.performSync(w.fs.node.write(fd, Buffer.from('abc'), null))).toBe(3);
  expect(w.fs.pending).toEqual([]);
  expect(text(w, '/logs/s.log')).toBe('abc');
  expect(w.lines).toEqual(['openSync /logs/s.log: fd 3 (a)', expect.stringMatching(/^writeSync \/logs\/s.log: 3\/3 bytes/)]);
  w.fs.performSync(w.fs.node.fsync(fd));
  expect(() => w.fs.performSync(w.fs.node.close(fd))).toThrow(FsCallBudgetError);
  expect(w.fs.budgetExceeded).toBeInstanceOf(FsCallBudgetError);
});

test('writes of both forms are counted together and meet the plan: EIO on write #1 reaches the caller Node-shaped', async () => {
  const w = world([{ kind: 'eio-write', write: 1 }, { kind: 'enospc', write: 2 }]);
  const fd = w.fs.performSync(w.fs.node.open('/logs/f.log', 'a'));
  w.fs.performSync(w.fs.node.write(fd, Buffer.from('ok\n'), null));
  const failed = w.fs.perform(w.fs.node.write(fd, Buffer.from('lost\n'), null));
  await drain(w);
  const err = await failed.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toMatchObject({ code: 'EIO', errno: -5, syscall: 'write', message: 'EIO: i/o error, write' });
  expect(err).not.toHaveProperty('path');
  expect(() => w.fs.performSync(w.fs.node.write(fd, Buffer.from('full\n'), null))).toThrow('ENOSPC: no space left on device, write');
  expect(text(w, '/logs/f.log')).toBe('ok\n');
  expect(w.faults.fired['eio-write']).toBe(1);
  expect(w.faults.fired.enospc).toBe(1);
  expect(w.lines).toContain('writeSync /logs/f.log: error ENOSPC');
});

test('a failed fdatasync that drops the pages: the bytes stay visible and a crash loses them', async () => {
  const w = world([{ kind: 'fsync-fail', sync: 1, pages: 'dropped' }]);
  const fd = w.fs.performSync(w.fs.node.open('/logs/d.log', 'a'));
  w.fs.performSync(w.fs.node.write(fd, Buffer.from('kept\n'), null));
  await done(w, w.fs.node.fsync(fd, 'fdatasync'));
  w.fs.performSync(w.fs.node.write(fd, Buffer.from('dropped\n'), null));
  expect(() => w.fs.performSync(w.fs.node.fsync(fd, 'fdatasync'))).toThrow(expect.objectContaining({ code: 'EIO', syscall: 'fdatasync' }));
  expect(text(w, '/logs/d.log')).toBe('kept\ndropped\n');
  expect(w.cache.crash(1000)).toEqual([{ path: '/logs/d.log', durableBytes: 5, lostBytes: 8, keptUnsyncedBytes: 0, droppedBytes: 8 }]);
  expect(text(w, '/logs/d.log')).toBe('kept\n');
});

test('latency: an asynchronous call waits for the clock; a synchronous one blocks while the clock moves on', async () => {
  const w = world([
    { kind: 'latency', op: 0, ms: 50 },
    { kind: 'latency', op: 1, ms: 30 },
  ]);
  void w.fs.perform(w.fs.node.mkdir('/logs/a'));
  expect(w.fs.pending[0].ready).toBe(false);
  const before = w.clock.now();
  w.fs.performSync(w.fs.node.mkdir('/logs/b'));
  expect(w.clock.now() - before).toBe(30);
  expect(w.lines).toContain('FAULT latency: mkdirSync /logs/b blocked 30ms');
  w.clock.tick(20);
  expect(w.fs.pending[0].ready).toBe(true);
});

test('a rewrite in place is dirty until fsynced: a crash keeps the old durable bytes', async () => {
  const w = world();
  const fd = w.fs.performSync(w.fs.node.open('/logs/r.log', 'w'));
  w.fs.performSync(w.fs.node.write(fd, Buffer.from('hello world'), null));
  w.fs.performSync(w.fs.node.fsync(fd));
  expect(w.fs.performSync(w.fs.node.write(fd, Buffer.from('HELLO'), 0))).toBe(5);
  expect(w.lines.at(-1)).toMatch(/^writeSync \/logs\/r.log: 5\/5 bytes, data [0-9a-f]{16} at 0$/);
  expect(text(w, '/logs/r.log')).toBe('HELLO world');
  const snapshot = w.volume.toJSON();
  expect(w.cache.crash(0)).toEqual([{ path: '/logs/r.log', durableBytes: 11, lostBytes: 11, keptUnsyncedBytes: 0 }]);
  expect(text(w, '/logs/r.log')).toBe('hello world');

  // The same rewrite, fsynced, is what survives.
  const again = world();
  again.volume.fromJSON(snapshot);
  const fd2 = again.fs.performSync(again.fs.node.open('/logs/r.log', 'r+'));
  again.fs.performSync(again.fs.node.fsync(fd2));
  again.fs.performSync(again.fs.node.write(fd2, Buffer.from('J'), 0));
  again.fs.performSync(again.fs.node.fsync(fd2));
  again.cache.crash(0);
  expect(text(again, '/logs/r.log')).toBe('JELLO world');
});

test('a file opened with "w" is cut at once; O_SYNC writes are durable when they return', () => {
  const w = world();
  const fd = w.fs.performSync(w.fs.node.open('/logs/t.log', 'a'));
  w.fs.performSync(w.fs.node.write(fd, Buffer.from('old line\n'), null));
  w.fs.performSync(w.fs.node.fsync(fd));
  const fdW = w.fs.performSync(w.fs.node.open('/logs/t.log', 'w'));
  w.fs.performSync(w.fs.node.write(fdW, Buffer.from('new'), null));
  const fdS = w.fs.performSync(w.fs.node.open('/logs/sync.log', 'as'));
  w.fs.performSync(w.fs.node.write(fdS, Buffer.from('synced\n'), null));
  expect(w.cache.crash(0).map((r) => [r.path, r.durableBytes, r.lostBytes])).toEqual([
    ['/logs/sync.log', 7, 0],
    ['/logs/t.log', 0, 3],
  ]);
  expect(text(w, '/logs/t.log')).toBe('');
  expect(text(w, '/logs/sync.log')).toBe('synced\n');
});

test('rename moves an open file: its fsync makes the new name durable; an unlinked file leaves nothing', () => {
  const w = world();
  const fd = w.fs.performSync(w.fs.node.open('/logs/a.log', 'a'));
  w.fs.performSync(w.fs.node.write(fd, Buffer.from('rotated\n'), null));
  w.fs.performSync(w.fs.node.rename('/logs/a.log', '/logs/a.1.log'));
  w.fs.performSync(w.fs.node.fsync(fd));
  const gone = w.fs.performSync(w.fs.node.open('/logs/gone.log', 'a'));
  w.fs.performSync(w.fs.node.write(gone, Buffer.from('x'), null));
  w.fs.performSync(w.fs.node.fsync(gone));
  w.fs.performSync(w.fs.node.unlink('/logs/gone.log'));
  w.fs.performSync(w.fs.node.fsync(gone));
  expect(w.lines).toContain('renameSync /logs/a.log -> /logs/a.1.log: ok');
  expect(w.lines).toContain('fsyncSync /logs/a.1.log: durable 8 bytes');
  expect(w.lines.at(-1)).toBe('fsyncSync (unlinked, fd 4): ok (unlinked file)');
  expect(w.cache.crash(0)).toEqual([{ path: '/logs/a.1.log', durableBytes: 8, lostBytes: 0, keptUnsyncedBytes: 0 }]);
  expect(w.volume.readdirSync('/logs')).toEqual(['a.1.log']);
});

test('descriptors: the lowest free from 3; a closed one is EBADF when the call completes', async () => {
  const w = world();
  const a = w.fs.performSync(w.fs.node.open('/logs/1', 'a'));
  const b = w.fs.performSync(w.fs.node.open('/logs/2', 'a'));
  w.fs.performSync(w.fs.node.close(a));
  expect([a, b, w.fs.performSync(w.fs.node.open('/logs/3', 'a'))]).toEqual([3, 4, 3]);
  const late = w.fs.perform(w.fs.node.write(b, Buffer.from('x'), null));
  w.fs.performSync(w.fs.node.close(b));
  await drain(w);
  await expect(late).rejects.toMatchObject({ code: 'EBADF', syscall: 'write', message: 'EBADF: bad file descriptor, write' });
  expect(() => w.fs.performSync(w.fs.node.fsync(1))).toThrow('EBADF');
});

test("the env's FileHandle: a close waits for the handle's calls in flight, as Node's FileHandle.close() does; a call after it is EBADF", async () => {
  const w = world();
  const opening = w.fs.open('/logs/h.log', 'a');
  await drain(w);
  const handle = await opening;
  const written = handle.write(Buffer.from('last line\n'));
  const synced = handle.sync();
  const closed = handle.close();
  await expect(handle.write(Buffer.from('late\n'))).rejects.toMatchObject({ code: 'EBADF' });
  // The scheduler completes the newest event first: a close already pending would beat the write.
  await drain(w, 'newest');
  await expect(written).resolves.toEqual({ bytesWritten: 10 });
  await expect(synced).resolves.toBeUndefined();
  await drain(w, 'newest');
  await expect(closed).resolves.toBeUndefined();
  expect(String(w.volume.readFileSync('/logs/h.log'))).toBe('last line\n');
  expect(w.lines.map((l) => l.split(' ')[0]).at(-1)).toBe('close');
});

test('writeFile and appendFile are one operation and one write each; a short write is finished by their loop, a torn one is not', () => {
  const w = world([
    { kind: 'short-write', write: 1, keep: 500 },
    { kind: 'torn-write', write: 2, keep: 500 },
  ]);
  w.fs.performSync(w.fs.node.writeFile('/logs/w.json', Buffer.from('{"a":1}\n')));
  w.fs.performSync(w.fs.node.writeFile('/logs/w.json', Buffer.from('{"b":2}\n'), { op: 'appendFile' }));
  expect(text(w, '/logs/w.json')).toBe('{"a":1}\n{"b":2}\n');
  expect(w.lines.at(-1)).toMatch(/^appendFileSync \/logs\/w.json: 8\/8 bytes \(short 4, the rest by a second write\)/);
  expect(() => w.fs.performSync(w.fs.node.writeFile('/logs/w.json', Buffer.from('replaced\n')))).toThrow('EIO: i/o error, write');
  expect(text(w, '/logs/w.json')).toBe('repl');
  expect(w.fs.submitted).toBe(3);
});

test('path operations: mkdir gives the first directory it made, relative paths start at the run cwd, errors are memfs\'s Node-shaped ones', async () => {
  const w = world();
  expect(await done(w, w.fs.node.mkdir('deep/er/est', { recursive: true }))).toBe('/logs/deep');
  expect(await done(w, w.fs.node.mkdir('deep', { recursive: true }))).toBeUndefined();
  expect(await done(w, w.fs.node.exists('deep/er'))).toBe(true);
  expect(await done(w, w.fs.node.readdir('/logs'))).toEqual(['deep']);
  expect((await done(w, w.fs.node.stat('/logs/deep'))).isDirectory()).toBe(true);
  await expect(done(w, w.fs.node.access('/logs/none'))).rejects.toMatchObject({ code: 'ENOENT', errno: -2, syscall: 'access', path: '/logs/none' });
  await expect(done(w, w.fs.node.mkdir('/logs/deep'))).rejects.toMatchObject({ code: 'EEXIST', syscall: 'mkdir' });
  await done(w, w.fs.node.writeFile('deep/x', Buffer.from('x')));
  expect((await done(w, w.fs.node.readFile('/logs/deep/x'))).toString()).toBe('x');
});

test('a write of nothing (Node streams make them) meets no fault and takes no fault number: Linux returns 0 for it without touching the disk', () => {
  const w = world([{ kind: 'enospc', write: 0 }]);
  const fd = w.fs.performSync(w.fs.node.open('/logs/e.log', 'a'));
  expect(w.fs.performSync(w.fs.node.write(fd, Buffer.alloc(0), null))).toBe(0);
  expect(w.lines.at(-1)).toMatch(/^writeSync \/logs\/e.log: 0\/0 bytes, data/);
  // The plan's write #0 is the first write that carries bytes.
  expect(() => w.fs.performSync(w.fs.node.write(fd, Buffer.from('x\n'), null))).toThrow(/ENOSPC/);
});
