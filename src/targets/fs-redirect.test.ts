// Loading an unmodified package so that it and its whole dependency closure use the
// simulated node:fs: sonic-boom writes into the run's memfs volume, meets the fault plan,
// and never touches the real disk; log4js reaches it through streamroller -> fs-extra ->
// graceful-fs even when the real fs-extra is already in Node's require cache; lazy
// requires at run time are redirected too; a target loads once.
import realFs = require('node:fs');
import NodeModule = require('node:module');
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bindNodeFs } from './node-fs-binding';
import { loadTarget, targetModules, TargetLoadError } from './fs-redirect';
import { simNodeFs } from './sim-node-fs';
import { simWorld, type SimWorld } from './fixtures/sim-world';
import type { Fault } from '../sim/fault-plan';

/** Node's own require (not jest's), from this directory. */
const nodeRequire = (Object.getPrototypeOf(NodeModule) as typeof NodeModule).createRequire(__filename);

interface SonicBoom {
  write(data: string): boolean;
  end(): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
}
type SonicBoomClass = new (opts: { dest: string; sync?: boolean }) => SonicBoom;

/** Real node:fs functions that change the disk; any call of one during a run is a leak. */
const WRITING = [
  'write', 'writeSync', 'writev', 'writevSync', 'appendFile', 'appendFileSync', 'writeFile', 'writeFileSync', 'mkdir', 'mkdirSync',
  'rename', 'renameSync', 'unlink', 'unlinkSync', 'fsync', 'fsyncSync', 'fdatasync', 'fdatasyncSync', 'createWriteStream', 'truncate', 'ftruncate',
] as const;
const OPENING = ['open', 'openSync'] as const;
const writeFlags = (flags: unknown) => (typeof flags === 'number' ? (flags & 0o3) !== 0 : typeof flags === 'string' && /[wa+]/.test(flags));

let realDir: string;
let unbind: (() => void) | undefined;
let spies: Array<[string, jest.SpyInstance]> = [];

beforeEach(() => {
  realDir = realFs.mkdtempSync(join(tmpdir(), 'rollout-sim-nodefs-'));
});

afterEach(() => {
  unbind?.();
  unbind = undefined;
  for (const [, spy] of spies) spy.mockRestore();
  spies = [];
  realFs.rmSync(realDir, { recursive: true, force: true });
});

/** A run bound to node:fs, with the real temp dir's path made in memfs, and spies on the real fs. */
function run(faults: readonly Fault[] = []): SimWorld {
  const world = simWorld(faults, [realDir]);
  const real = realFs as unknown as Record<string, (...args: unknown[]) => unknown>;
  spies = [...WRITING, ...OPENING].map((name) => [name, jest.spyOn(real, name)]);
  unbind = bindNodeFs(world.sim);
  return world;
}

/** The real disk was not touched: no writing call, no open for writing, and the real dir is empty. */
function expectRealDiskUntouched(): void {
  expect(spies).toHaveLength(WRITING.length + OPENING.length);
  for (const [name, spy] of spies) {
    const calls = (OPENING as readonly string[]).includes(name) ? spy.mock.calls.filter((args) => writeFlags(args[1])) : spy.mock.calls;
    expect([name, calls]).toEqual([name, []]);
  }
  expect(realFs.readdirSync(realDir)).toEqual([]);
}

test('sonic-boom 4.2.0, unmodified: its lines land in the memfs volume through pending events, and the real disk is not touched', async () => {
  const SonicBoom = loadTarget('sonic-boom-4.2.0') as SonicBoomClass;
  const world = run();
  const dest = join(realDir, 'app.log');
  const sonic = new SonicBoom({ dest, sync: false });
  const events: string[] = [];
  for (const name of ['ready', 'finish', 'close', 'error']) sonic.on(name, () => events.push(name));
  sonic.write('first line\n');
  sonic.write('second line — ünïcödé\n');
  sonic.write('third line\n');
  expect(world.volume.existsSync(dest)).toBe(false); // nothing happens until the scheduler says so
  const completed = await world.drive();
  sonic.end();
  await world.drive();
  expect(events).toEqual(['ready', 'finish', 'close']);
  expect(world.text(dest)).toBe('first line\nsecond line — ünïcödé\nthird line\n');
  expect(completed).toBeGreaterThanOrEqual(2);
  // The three lines were buffered while the open was pending: one write. end() fsyncs, then closes.
  expect(world.lines.map((l) => l.split(' by ')[0])).toEqual([`open ${dest}`, `write ${dest}`, `fsync ${dest}`, `close ${dest}`]);
  expect(world.cache.durableBytes(dest)).toBe(Buffer.byteLength(world.text(dest)));
  expectRealDiskUntouched();
});

test('sonic-boom 4.2.0 meets the fault plan: EIO on its first write reaches it as an \'error\' event, and nothing is written', async () => {
  const SonicBoom = loadTarget('sonic-boom-4.2.0') as SonicBoomClass;
  const world = run([{ kind: 'eio-write', write: 0 }]);
  const dest = join(realDir, 'app.log');
  const sonic = new SonicBoom({ dest, sync: false });
  const errors: unknown[] = [];
  sonic.on('error', (err) => errors.push(err));
  sonic.write('never written\n');
  await world.drive();
  expect(errors).toEqual([expect.objectContaining({ code: 'EIO', errno: -5, syscall: 'write' })]);
  expect(world.text(dest)).toBe('');
  expect(world.faults.fired['eio-write']).toBe(1);
  expectRealDiskUntouched();
});

test('log4js 6.3.0 reaches the simulated fs through streamroller -> fs-extra -> graceful-fs, though the real fs-extra is in Node\'s cache', async () => {
  // Someone else's fs-extra (and its graceful-fs), over the real fs, in Node's cache first. (Its
  // functions are graceful-fs's copies of node:fs's, taken when jest loaded graceful-fs: not
  // necessarily node:fs's own now that the real-disk guard may have wrapped them.)
  const realFsExtra = nodeRequire('fs-extra') as { writeFileSync: unknown };
  const realWriteFileSync = realFsExtra.writeFileSync;
  expect(realWriteFileSync).not.toBe(simNodeFs.writeFileSync);
  const log4js = loadTarget('log4js-6.3.0') as {
    configure(config: object): void;
    getLogger(category?: string): { info(message: string): void };
    shutdown(cb: (err?: Error | null) => void): void;
  };
  const world = run();
  const filename = join(realDir, 'logs', 'app.log');
  log4js.configure({
    appenders: { file: { type: 'file', filename, layout: { type: 'messagePassThrough' } } },
    categories: { default: { appenders: ['file'], level: 'info' } },
  });
  const logger = log4js.getLogger();
  logger.info('hello from log4js');
  logger.info('second record');
  let shutDown: Error | undefined | null | 'pending' = 'pending';
  log4js.shutdown((err) => (shutDown = err));
  await world.drive();
  expect(shutDown).toBeNull();
  expect(world.text(filename)).toBe('hello from log4js\nsecond record\n');
  const closure = targetModules('log4js-6.3.0');
  expect(closure.some((f) => f.includes('/streamroller/'))).toBe(true);
  const fsExtraMain = closure.find((f) => /\/fs-extra\/lib\/index\.js$/.test(f));
  expect(fsExtraMain).toBeDefined();
  // The closure's fs-extra is its own copy, over the facade; graceful-fs is the facade itself, never loaded.
  expect(closure.some((f) => f.includes('/graceful-fs/'))).toBe(false);
  expect(world.lines.some((l) => l.startsWith(`mkdirSync ${join(realDir, 'logs')}`))).toBe(true);
  expectRealDiskUntouched();
  // ...and the process's own fs-extra is still the one it had, untouched.
  expect(realFsExtra.writeFileSync).toBe(realWriteFileSync);
  expect(nodeRequire('fs-extra')).toBe(realFsExtra);
});

test('every fs name a target asks for, at load or lazily at run time, is the facade; other builtins and packages are Node\'s', () => {
  const fixture = join(__dirname, 'fixtures', 'lazy-fs-target.js');
  const target = loadTarget(fixture) as Record<string, () => unknown>;
  expect(target.fs()).toBe(simNodeFs);
  expect(target.nodeFs()).toBe(simNodeFs);
  expect(target.gracefulFs()).toBe(simNodeFs);
  expect(target.promises()).toBe(simNodeFs.promises);
  expect(target.nodePromises()).toBe(simNodeFs.promises);
  expect(target.path()).toBe(nodeRequire('path'));
  const fsExtra = target.fsExtra() as { writeFileSync: unknown; readFileSync: unknown };
  expect(fsExtra).not.toBe(nodeRequire('fs-extra'));
  expect(fsExtra.writeFileSync).toBe(simNodeFs.writeFileSync);
  expect(targetModules(fixture).some((f) => f.endsWith('/fs-extra/lib/index.js'))).toBe(true);
  // Outside the target, node's require is untouched.
  expect(nodeRequire('fs')).toBe(realFs);
  expect(nodeRequire('graceful-fs')).not.toBe(simNodeFs);
});

test('a target loads once per process: a second load is the first', () => {
  const first = loadTarget('sonic-boom-4.2.0');
  const count = targetModules('sonic-boom-4.2.0').length;
  expect(loadTarget('sonic-boom-4.2.0')).toBe(first);
  expect(targetModules('sonic-boom-4.2.0')).toHaveLength(count);
  expect(loadTarget('sonic-boom-4.2.1')).not.toBe(first);
});

test('a package that is not installed is a TargetLoadError naming it', () => {
  expect(() => loadTarget('no-such-logger-9.9.9')).toThrow(TargetLoadError);
  expect(() => loadTarget('no-such-logger-9.9.9')).toThrow('could not load target "no-such-logger-9.9.9"');
});
