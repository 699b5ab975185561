// The corpus file over the real file system: what is refused before anything is written,
// what a killed save leaves behind and how the next one deals with it, and the lock.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { chmod, lstat, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { lockedTextFile, TextFileError } from './locked-text-file';

const HOST = hostname().replace(/[^\w-]/g, '_') || 'host';

/** The pid of a process that has exited: a save "killed" before it could clean up. */
function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', '']);
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid!));
  });
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rollout-sim-textfile-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('a missing file reads as undefined and is created on the first update, parent directories too', async () => {
  const file = lockedTextFile('nested/deeper/corpus.json', { cwd: dir });
  expect(file.location).toBe('nested/deeper/corpus.json');
  expect(await file.read()).toBeUndefined();
  await file.update((current) => `${current ?? 'new'}\n`);
  expect(await readFile(join(dir, 'nested/deeper/corpus.json'), 'utf8')).toBe('new\n');
  await file.update((current) => `${current}again\n`);
  expect(await file.read()).toBe('new\nagain\n');
  // The lock is released and no temporary file is left beside the file.
  expect(await readdir(join(dir, 'nested/deeper'))).toEqual(['corpus.json']);
});

test('an update that merges to undefined leaves the file as it is; the mode of a replaced file is kept', async () => {
  const path = join(dir, 'corpus.json');
  await writeFile(path, 'old');
  await chmod(path, 0o640);
  const before = (await stat(path)).ino;
  await lockedTextFile(path).update(() => undefined);
  expect((await stat(path)).ino).toBe(before);
  await lockedTextFile(path).update(() => 'new');
  expect(await readFile(path, 'utf8')).toBe('new');
  expect((await stat(path)).mode & 0o777).toBe(0o640);
});

describe('a path that is not a regular file is refused before anything is written', () => {
  test.each([
    ['a FIFO', (p: string) => execFileSync('mkfifo', [p]), (s: Awaited<ReturnType<typeof lstat>>) => s.isFIFO()],
    ['a directory', (p: string) => mkdir(p), (s: Awaited<ReturnType<typeof lstat>>) => s.isDirectory()],
  ])('%s', async (kind, make, stillIs) => {
    const path = join(dir, 'corpus.json');
    await make(path);
    const file = lockedTextFile(path);
    // Reading a FIFO would wait for a writer forever: it must be refused at once.
    await expect(file.read()).rejects.toThrow(new TextFileError(path, `is ${kind}, not a regular file: refused`));
    await expect(file.update(() => 'text')).rejects.toThrow(TextFileError);
    await expect(file.write('text')).rejects.toThrow(/not a regular file: refused/);
    expect(stillIs(await lstat(path))).toBe(true);
    expect(await readdir(dir)).toEqual(['corpus.json']); // no lock, no temporary file
  });
});

test("a killed save's lock (its process is gone) is broken, and its temporary file removed, by the next update", async () => {
  const path = join(dir, 'corpus.json');
  await writeFile(path, 'saved before\n');
  const pid = await deadPid();
  await writeFile(`${path}.lock`, `${pid}@${HOST}\n`);
  await writeFile(`${path}.${HOST}.${pid}.abcdef.tmp`, 'half a sa');
  // Another host's temporary file, young: perhaps a save in progress there, so it stays.
  await writeFile(`${path}.otherhost.${pid}.abcdef.tmp`, 'in progress');
  await lockedTextFile(path, { lock: { retryLimit: 2, backoffMs: 1 } }).update((current) => `${current}merged\n`);
  expect(await readFile(path, 'utf8')).toBe('saved before\nmerged\n');
  expect((await readdir(dir)).sort()).toEqual(['corpus.json', `corpus.json.otherhost.${pid}.abcdef.tmp`]);
});

test("the next read removes a killed save's temporary file too", async () => {
  const path = join(dir, 'corpus.json');
  const pid = await deadPid();
  await writeFile(`${path}.${HOST}.${pid}.0123.tmp`, 'half');
  await writeFile(`${path}.${HOST}.${process.pid}.4567.tmp`, 'a save in progress (this process is alive)');
  expect(await lockedTextFile(path).read()).toBeUndefined();
  expect(await readdir(dir)).toEqual([`corpus.json.${HOST}.${process.pid}.4567.tmp`]);
});

test("a lock without an owner (its save killed before it wrote one) is broken once it is a few seconds old, not waited on", async () => {
  const path = join(dir, 'corpus.json');
  const { utimes } = await import('node:fs/promises');
  await writeFile(`${path}.lock`, '');
  // Just created: its owner may be about to write its name, so it is waited on.
  await expect(lockedTextFile(path, { lock: { retryLimit: 2, backoffMs: 1 } }).update(() => 'x')).rejects.toThrow(/is locked by another process/);
  const old = new Date(Date.now() - 5_000);
  await utimes(`${path}.lock`, old, old);
  const started = Date.now();
  await lockedTextFile(path).update(() => 'x');
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(await readdir(dir)).toEqual(['corpus.json']);
});

test('a live lock is waited on for a bounded number of attempts, then refused naming its holder', async () => {
  const path = join(dir, 'corpus.json');
  await writeFile(`${path}.lock`, `${process.pid}@${HOST}\n`);
  const file = lockedTextFile(path, { lock: { retryLimit: 3, backoffMs: 1, maxBackoffMs: 2 } });
  await expect(file.update(() => 'never')).rejects.toThrow(`is locked by process ${process.pid} on ${HOST} (${path}.lock) after 3 attempts`);
  await expect(readFile(path, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  // An old lock is stale whoever holds it (a process on another host cannot be asked).
  await writeFile(`${path}.lock`, '1@elsewhere\n');
  await expect(lockedTextFile(path, { lock: { retryLimit: 3, backoffMs: 1, staleMs: 1_000_000 } }).update(() => 'x')).rejects.toThrow(/process 1 on elsewhere/);
  const old = new Date(Date.now() - 60_000);
  const { utimes } = await import('node:fs/promises');
  await utimes(`${path}.lock`, old, old);
  await lockedTextFile(path, { lock: { retryLimit: 3, backoffMs: 1, staleMs: 30_000 } }).update(() => 'x');
  expect(await readFile(path, 'utf8')).toBe('x');
});

test('a save killed at any moment leaves the old text or the new, whole; the next save breaks its lock and leaves no temporary file', async () => {
  const path = join(dir, 'corpus.json');
  const big = 'y'.repeat(1 << 20);
  await writeFile(path, `0 ${big}`);
  // A child process rewriting the file as fast as it can, killed mid-flight.
  const script = `
    const { lockedTextFile } = require(${JSON.stringify(join(__dirname, 'locked-text-file.ts'))});
    const file = lockedTextFile(${JSON.stringify(path)});
    const big = 'y'.repeat(${big.length});
    (async () => { for (let i = 1; ; i++) { await file.update(() => i + ' ' + big); if (i === 2) process.stdout.write('saving\\n'); } })();`;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  await new Promise((r) => setTimeout(r, 7));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const text = (await readFile(path, 'utf8')).split(' ');
  expect(text[1]).toBe(big);
  expect(Number(text[0])).toBeGreaterThanOrEqual(2);
  await lockedTextFile(path).update((current) => current);
  expect(await readdir(dir)).toEqual(['corpus.json']);
});
