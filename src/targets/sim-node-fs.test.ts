// The simulated node:fs as a caller sees it: callback, *Sync and promise forms, Node's
// WriteStream over it, Node-shaped errors, faults reaching the caller, and a clear typed
// error -- never the real disk -- outside a run or for a call that is not simulated.
import realFs = require('node:fs');
import { promisify } from 'node:util';
import { bindNodeFs, NodeFsAlreadyBoundError, NodeFsNotSimulatedError, NodeFsOutsideRunError } from './node-fs-binding';
import { simNodeFs as fs } from './sim-node-fs';
import { simWorld, type SimWorld } from './fixtures/sim-world';
import type { Fault } from '../sim/fault-plan';

let unbind: (() => void) | undefined;
afterEach(() => {
  unbind?.();
  unbind = undefined;
});

function bound(faults: readonly Fault[] = []): SimWorld {
  const world = simWorld(faults, ['/var/log']);
  unbind = bindNodeFs(world.sim);
  return world;
}

describe('outside a run, or for what is not simulated, it throws a typed error naming the call', () => {
  test('no run bound: every form throws NodeFsOutsideRunError at the call', () => {
    expect(() => fs.openSync('/var/log/x', 'a')).toThrow(new NodeFsOutsideRunError('openSync'));
    expect(() => fs.open('/var/log/x', 'a', () => undefined)).toThrow('a target used node:fs.open outside a simulated run');
    expect(() => fs.promises.writeFile('/x', 'y')).toThrow(NodeFsOutsideRunError);
    expect(() => fs.createWriteStream('/var/log/x')).toThrow('node:fs.createWriteStream outside a simulated run');
    expect(() => new fs.WriteStream('/var/log/x' as never)).toThrow('node:fs.WriteStream outside a simulated run');
    expect(() => fs.existsSync('/')).toThrow(NodeFsOutsideRunError);
  });

  test('a node:fs function that is not simulated throws NodeFsNotSimulatedError, bound or not', () => {
    expect(() => fs.watch('/var/log')).toThrow(new NodeFsNotSimulatedError('watch'));
    expect(() => fs.watch('/var/log')).toThrow('node:fs.watch is not simulated');
    bound();
    expect(() => fs.readSync(3, Buffer.alloc(1))).toThrow('node:fs.readSync is not simulated');
    expect(() => fs.createReadStream('/var/log/x')).toThrow(NodeFsNotSimulatedError);
    expect(() => fs.promises.rm('/var/log')).toThrow('node:fs.promises.rm is not simulated');
    expect(() => fs.readdirSync('/var', { withFileTypes: true })).toThrow('node:fs.readdir (option withFileTypes) is not simulated');
    expect(() => fs.readFileSync(3)).toThrow('node:fs.readFile (with a file descriptor) is not simulated');
    expect(() => fs.writeFileSync('/var/log/x', 'y', { signal: new AbortController().signal })).toThrow('node:fs.writeFile (option signal) is not simulated');
  });

  test('node:fs constants and plain values are the real ones; one run at a time', () => {
    expect(fs.constants).toBe(realFs.constants);
    const values = (m: object) => (m as Record<string, unknown>).F_OK;
    expect(values(fs)).toBe(values(realFs));
    bound();
    expect(() => bindNodeFs(simWorld().sim)).toThrow(NodeFsAlreadyBoundError);
  });
});

describe('the callback form', () => {
  test('calls back later, never inside the call, once the scheduler completes the operation', async () => {
    const world = bound();
    const calls: unknown[][] = [];
    fs.open('/var/log/app.log', 'a', (...args) => calls.push(args));
    expect(calls).toEqual([]);
    expect(world.sim.pending.map((e) => e.op)).toEqual(['open']);
    await world.drive();
    expect(calls).toEqual([[null, 3]]);
    const data = Buffer.from('line\n');
    fs.write(3, data, (...args) => calls.push(args));
    // sonic-boom's form: an encoding where the position goes (node:fs reads it as "at the current offset").
    (fs.write as (...args: unknown[]) => void)(3, 'text\n', 'utf8', (...args: unknown[]) => calls.push(args));
    await world.drive();
    expect(calls.slice(1)).toEqual([
      [null, 5, data],
      [null, 5, 'text\n'],
    ]);
    fs.fsync(3, (...args) => calls.push(args));
    fs.close(3, (...args) => calls.push(args));
    await world.drive();
    expect(calls.slice(3)).toEqual([[null], [null]]);
    expect(world.text('/var/log/app.log')).toBe('line\ntext\n');
    expect(world.cache.durableBytes('/var/log/app.log')).toBe(10);
  });

  test('errors are Node-shaped: memfs\'s for the file system, the plan\'s for a fault', async () => {
    const world = bound([{ kind: 'eio-write', write: 0 }]);
    const errors: unknown[] = [];
    fs.open('/nowhere/app.log', 'a', (err) => errors.push(err));
    fs.open('/var/log/app.log', 'a', (_err, fd) => fs.write(fd, 'lost\n', (e) => errors.push(e)));
    await world.drive();
    expect(errors[0]).toMatchObject({ code: 'ENOENT', errno: -2, syscall: 'open', path: '/nowhere/app.log', message: "ENOENT: no such file or directory, open '/nowhere/app.log'" });
    expect(errors[1]).toMatchObject({ code: 'EIO', errno: -5, syscall: 'write', message: 'EIO: i/o error, write' });
    expect(world.text('/var/log/app.log')).toBe('');
  });

  test('a wrong argument throws at once, as node:fs does', () => {
    bound();
    expect(() => (fs.open as (...args: unknown[]) => void)('/var/log/x', 'a')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
    expect(() => fs.open(42 as unknown as string, () => undefined)).toThrow('The "path" argument must be of type string');
  });
});

test('the *Sync form completes at once, traced as <op>Sync, and meets faults; numeric flags are this platform\'s constants', () => {
  const world = bound([{ kind: 'enospc', write: 1 }]);
  const { O_WRONLY, O_CREAT, O_APPEND } = realFs.constants;
  const fd = fs.openSync('/var/log/s.log', O_WRONLY | O_CREAT | O_APPEND);
  expect(fs.writeSync(fd, 'one\n')).toBe(4);
  expect(() => fs.writeSync(fd, 'two\n')).toThrow(expect.objectContaining({ code: 'ENOSPC', syscall: 'write' }));
  fs.appendFileSync('/var/log/s.log', 'three\n');
  expect(fs.readFileSync('/var/log/s.log', 'utf8')).toBe('one\nthree\n');
  expect(fs.statSync('/var/log/none', { throwIfNoEntry: false })).toBeUndefined();
  expect(fs.existsSync('/var/log/s.log')).toBe(true);
  fs.mkdirSync('/var/log/a/b', { recursive: true });
  fs.renameSync('/var/log/s.log', '/var/log/a/b/s.1.log');
  expect(fs.readdirSync('/var/log/a/b')).toEqual(['s.1.log']);
  expect(world.sim.pending).toEqual([]);
  expect(world.lines[0]).toBe('openSync /var/log/s.log by harness: fd 3 (0o2101)');
  expect(world.lines).toContain('writeSync /var/log/s.log by harness: error ENOSPC');
});

test('fs.promises: a FileHandle writes, syncs, stats and closes through pending events; a closed one is EBADF', async () => {
  const world = bound();
  const opening = fs.promises.open('/var/log/p.log', 'a');
  await world.drive();
  const handle = await opening;
  const written = handle.write('first\n');
  await world.drive();
  expect(await written).toEqual({ bytesWritten: 6, buffer: 'first\n' });
  const rest = Promise.all([handle.appendFile('second\n'), handle.datasync(), handle.stat()]);
  await world.drive();
  const [, , stat] = await rest;
  expect(stat.size).toBe(13);
  const closing = handle.close();
  await world.drive();
  await closing;
  expect(handle.fd).toBe(-1);
  await expect(handle.write('late\n')).rejects.toMatchObject({ code: 'EBADF' });
  expect(() => (handle as unknown as { read(): unknown }).read()).toThrow('node:fs.FileHandle.read is not simulated');
  const reading = fs.promises.readFile('/var/log/p.log', 'utf8');
  await world.drive();
  expect(await reading).toBe('first\nsecond\n');
  // The datasync was called before 'second' landed: it promised the 6 bytes the file held then.
  expect(world.cache.durableBytes('/var/log/p.log')).toBe(6);
});

test("fs.promises: a FileHandle's close waits for its calls in flight, as Node's does", async () => {
  const world = bound();
  const opening = fs.promises.open('/var/log/q.log', 'a');
  await world.drive();
  const handle = await opening;
  const written = handle.appendFile('one\ntwo\n');
  const closing = handle.close();
  // Newest first: a close already pending would complete before the write.
  await world.drive(1000, 'newest');
  await expect(written).resolves.toBeUndefined();
  await closing;
  const reading = fs.promises.readFile('/var/log/q.log', 'utf8');
  await world.drive();
  expect(await reading).toBe('one\ntwo\n');
});

test("fs.promises: a close made while an appendFile is cut short waits for the rest of it, on the handle's own descriptor", async () => {
  const world = bound([{ kind: 'short-write', write: 0, keep: 500 }]);
  const opening = fs.promises.open('/var/log/r.log', 'a');
  await world.drive();
  const handle = await opening;
  const written = handle.appendFile('one\ntwo\n');
  const closing = handle.close();
  await world.drive();
  await expect(written).resolves.toBeUndefined();
  await closing;
  expect(world.lines.filter((l) => l.includes('EBADF'))).toEqual([]);
  const reading = fs.promises.readFile('/var/log/r.log', 'utf8');
  await world.drive();
  expect(await reading).toBe('one\ntwo\n');
});

test('createWriteStream is Node\'s WriteStream over the simulated calls: a short write is finished by the stream, events as Node gives them', async () => {
  const world = bound([{ kind: 'short-write', write: 0, keep: 300 }]);
  const stream = fs.createWriteStream('/var/log/stream.log', { flags: 'a' });
  expect(stream).toBeInstanceOf(realFs.WriteStream);
  const events: string[] = [];
  for (const name of ['open', 'ready', 'finish', 'close']) stream.on(name, () => events.push(name));
  stream.write('alpha\n');
  stream.end('beta\n');
  await world.drive();
  expect(events).toEqual(['open', 'ready', 'finish', 'close']);
  expect(world.text('/var/log/stream.log')).toBe('alpha\nbeta\n');
  // Both chunks were buffered while the open was pending: one writev, cut short, then the stream's own retry of the rest.
  expect(world.lines).toEqual([
    'open /var/log/stream.log by harness: fd 3 (a)',
    'FAULT short-write: short-write on write #0 keeping 300‰',
    expect.stringMatching(/^writev \/var\/log\/stream.log by harness: 3\/11 bytes \(short\), data /),
    expect.stringMatching(/^writev \/var\/log\/stream.log by harness: 8\/8 bytes, data /),
    'close /var/log/stream.log by harness: ok',
  ]);
  expect(world.faults.fired['short-write']).toBe(1);
});

test('a stream whose write fails with EIO is destroyed with that error and closes its descriptor', async () => {
  const world = bound([{ kind: 'eio-write', write: 0 }]);
  const stream = fs.createWriteStream('/var/log/e.log');
  const errors: unknown[] = [];
  stream.on('error', (e) => errors.push(e));
  stream.write('doomed\n');
  await world.drive();
  expect(errors).toEqual([expect.objectContaining({ code: 'EIO', syscall: 'write' })]);
  expect(stream.destroyed).toBe(true);
  expect(world.sim.node.openDescriptors()).toEqual([]);
});

test('exists calls back with a boolean only; writev hands back its buffers; util.promisify(write) resolves node:fs\'s object', async () => {
  const world = bound();
  const seen: unknown[][] = [];
  fs.exists('/var/log', (...args) => seen.push(args));
  fs.exists('/var/nothing', (...args) => seen.push(args));
  const fd = fs.openSync('/var/log/v.log', 'a');
  const chunks = [Buffer.from('a\n'), Buffer.from('b\n')];
  fs.writev(fd, chunks, (...args) => seen.push(args));
  const promised = promisify(fs.write)(fd, Buffer.from('c\n'));
  await world.drive();
  expect(seen).toEqual([[true], [false], [null, 4, chunks]]);
  expect(await promised).toEqual({ bytesWritten: 2, buffer: Buffer.from('c\n') });
  expect(world.text('/var/log/v.log')).toBe('a\nb\nc\n');
});
