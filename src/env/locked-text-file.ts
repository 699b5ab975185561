// A text file that several processes read and update safely: the regression corpus,
// which parallel jest workers and CI shards on a shared cache all save to. An update is
// read-merge-write under a lock file (created atomically, naming its owner), and the
// write goes to a temporary file in the same directory that is renamed over the target,
// so a reader sees the old text or the new, never a torn one. A save killed half way leaves a lock
// that is recognised as stale (its process is gone, or it is old) and a temporary file
// that the next read removes. Only regular files are read or replaced: a directory, a
// FIFO or a device path is refused before anything is written.
import { randomBytes } from 'node:crypto';
import { constants, promises as fsp, type Stats } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

/** Attempts to take the lock before giving up: with the backoff below, about 15 s of waiting. */
export const LOCK_RETRY_LIMIT = 200;
/** First wait after finding the lock taken; doubled each attempt up to LOCK_MAX_BACKOFF_MS, with jitter. */
export const LOCK_BACKOFF_MS = 5;
export const LOCK_MAX_BACKOFF_MS = 100;
/** A save holds the lock for milliseconds; a lock this old is from a process that hung or died on another host. */
export const STALE_LOCK_MS = 30_000;
/**
 * A lock that names no owner was left by a process killed between creating it and writing
 * its name (possible only where hard links are not, see createLock); its creator writes at
 * once, so past this age nobody will.
 */
export const OWNERLESS_LOCK_MS = 2_000;

export interface LockPolicy {
  retryLimit: number;
  backoffMs: number;
  maxBackoffMs: number;
  staleMs: number;
}

export const DEFAULT_LOCK_POLICY: LockPolicy = {
  retryLimit: LOCK_RETRY_LIMIT,
  backoffMs: LOCK_BACKOFF_MS,
  maxBackoffMs: LOCK_MAX_BACKOFF_MS,
  staleMs: STALE_LOCK_MS,
};

/** Why a text file could not be used; the message names the file. */
export class TextFileError extends Error {
  override name = 'TextFileError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path} ${reason}`);
  }
}

export interface LockedTextFile {
  /** The path as the caller gave it (relative paths stay relative, for messages and commands). */
  readonly location: string;
  /** The whole text; undefined when the file does not exist. */
  read(): Promise<string | undefined>;
  /** Replaces the whole text atomically (no lock: for a file that has one writer). */
  write(text: string): Promise<void>;
  /** Under the lock: reads the current text and writes what `merge` returns (undefined: leave the file as it is). */
  update(merge: (current: string | undefined) => string | undefined): Promise<void>;
}

/** Host names go into file names: only the characters that are safe there. */
const HOST = hostname().replace(/[^\w-]/g, '_') || 'host';

function fileKind(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errno(err) === 'EPERM'; // it exists, under another user
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `<name>.<host>.<pid>.<random>.tmp`: whose it is, so a stale one can be told from one being written. */
function tempName(target: string): string {
  return join(dirname(target), `${basename(target)}.${HOST}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

export function lockedTextFile(location: string, options: { cwd?: string; lock?: Partial<LockPolicy> } = {}): LockedTextFile {
  const path = resolve(options.cwd ?? process.cwd(), location);
  const policy = { ...DEFAULT_LOCK_POLICY, ...options.lock };
  const fail = (reason: string) => new TextFileError(location, reason);
  const failed = (doing: string, err: unknown) =>
    err instanceof TextFileError ? err : fail(`cannot be ${doing}: ${err instanceof Error ? err.message : String(err)}`);

  /** Refuses a path that exists and is not a regular file; fine if it does not exist. */
  async function refuseNonRegular(): Promise<void> {
    let st: Stats;
    try {
      st = await fsp.stat(path);
    } catch (err) {
      if (errno(err) === 'ENOENT') return;
      throw failed('examined', err);
    }
    const kind = fileKind(st);
    if (kind) throw fail(`is ${kind}, not a regular file: refused`);
  }

  /** Reads the file, refusing one that is not regular, and removes what killed saves left beside it. */
  async function read(): Promise<string | undefined> {
    let handle: fsp.FileHandle;
    try {
      // O_NONBLOCK: opening a FIFO must not wait for a writer; the fstat below then refuses it.
      handle = await fsp.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (err) {
      if (errno(err) !== 'ENOENT') throw failed('read', err);
      await removeStaleTemps(path, policy.staleMs);
      return undefined;
    }
    try {
      const kind = fileKind(await handle.stat());
      if (kind) throw fail(`is ${kind}, not a regular file: refused`);
      await removeStaleTemps(path, policy.staleMs);
      return await handle.readFile('utf8');
    } catch (err) {
      throw failed('read', err);
    } finally {
      await handle.close();
    }
  }

  /** Writes a temporary file beside the target, syncs it and renames it over the target. */
  async function replace(text: string): Promise<void> {
    const temp = tempName(path);
    let mode = 0o644;
    try {
      mode = (await fsp.stat(path)).mode & 0o777; // keep the mode of the file replaced
    } catch {
      // a new file
    }
    try {
      const handle = await fsp.open(temp, 'wx', mode);
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fsp.rename(temp, path);
    } catch (err) {
      await fsp.rm(temp, { force: true }).catch(() => undefined);
      throw failed('written', err);
    }
    await syncDirectory(dirname(path));
  }

  async function prepare(): Promise<void> {
    await refuseNonRegular();
    await fsp.mkdir(dirname(path), { recursive: true }).catch((err) => {
      throw failed('created', err);
    });
  }

  return {
    location,
    read,
    async write(text) {
      await prepare();
      await replace(text);
    },
    async update(merge) {
      await prepare();
      const release = await acquireLock(path, policy, fail);
      try {
        const next = merge(await read());
        if (next !== undefined) await replace(next);
      } finally {
        await release();
      }
    },
  };
}

/** Makes the rename itself durable; best effort, as not every platform can fsync a directory. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle
    .sync()
    .catch(() => undefined)
    .finally(() => handle.close());
}

interface LockHolder {
  ino: number;
  ageMs: number;
  pid?: number;
  host?: string;
}

async function inspectLock(lockPath: string): Promise<LockHolder | undefined> {
  try {
    const st = await fsp.stat(lockPath);
    const text = await fsp.readFile(lockPath, 'utf8');
    // No owner named: see OWNERLESS_LOCK_MS.
    const m = /^(\d+)@([\w-]+)$/.exec(text.trim());
    return { ino: st.ino, ageMs: Date.now() - st.mtimeMs, ...(m ? { pid: Number(m[1]), host: m[2] } : {}) };
  } catch (err) {
    if (errno(err) === 'ENOENT') return undefined; // released meanwhile
    throw err;
  }
}

function isStale(holder: LockHolder, staleMs: number): boolean {
  if (holder.ageMs > staleMs) return true;
  if (holder.pid === undefined) return holder.ageMs > Math.min(OWNERLESS_LOCK_MS, staleMs);
  return holder.host === HOST && !processAlive(holder.pid);
}

/**
 * Takes the lock if it is free: its inode, or undefined if another holds it. The lock is
 * written whole under a temporary name and hard-linked into place (atomic, and failing if
 * the lock exists), so a lock never exists without its owner's name in it, even if this
 * process is killed half way. Where hard links are not supported, an O_EXCL create.
 */
async function createLock(lockPath: string): Promise<number | undefined> {
  const owner = `${process.pid}@${HOST}\n`;
  const temp = tempName(lockPath);
  try {
    await fsp.writeFile(temp, owner, { flag: 'wx', mode: 0o644 });
    await fsp.link(temp, lockPath);
    return (await fsp.stat(temp)).ino;
  } catch (err) {
    if (errno(err) === 'EEXIST') return undefined;
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(errno(err) ?? '')) throw err;
  } finally {
    await fsp.rm(temp, { force: true });
  }
  try {
    const handle = await fsp.open(lockPath, 'wx', 0o644);
    try {
      await handle.writeFile(owner);
      return (await handle.stat()).ino;
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (errno(err) === 'EEXIST') return undefined;
    throw err;
  }
}

/**
 * Removes a stale lock without removing a fresh one taken meanwhile: the lock is renamed
 * away (atomic), and if what was renamed is not the lock judged stale it is put back.
 */
async function breakLock(lockPath: string, staleIno: number): Promise<void> {
  const aside = tempName(lockPath);
  try {
    await fsp.rename(lockPath, aside);
  } catch (err) {
    if (errno(err) === 'ENOENT') return;
    throw err;
  }
  if ((await fsp.stat(aside)).ino !== staleIno) await fsp.link(aside, lockPath).catch(() => undefined);
  await fsp.rm(aside, { force: true });
}

async function acquireLock(path: string, policy: LockPolicy, fail: (reason: string) => TextFileError): Promise<() => Promise<void>> {
  const lockPath = `${path}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      const ino = await createLock(lockPath);
      if (ino !== undefined) {
        return async () => {
          // Only our own lock: had it been broken as stale, the lock there now is another's.
          const st = await fsp.stat(lockPath).catch(() => undefined);
          if (st?.ino === ino) await fsp.rm(lockPath, { force: true });
        };
      }
      const holder = await inspectLock(lockPath);
      if (attempt >= policy.retryLimit) {
        const who = holder?.pid !== undefined ? `process ${holder.pid} on ${holder.host}` : 'another process';
        throw fail(`is locked by ${who} (${lockPath}) after ${policy.retryLimit} attempts; if no rollout-sim is running, remove the lock file`);
      }
      if (holder && isStale(holder, policy.staleMs)) await breakLock(lockPath, holder.ino);
      else if (holder) {
        const backoff = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.min(attempt, 16));
        await sleep(backoff / 2 + Math.random() * (backoff / 2));
      }
    } catch (err) {
      if (err instanceof TextFileError) throw err;
      throw fail(`cannot be locked (${lockPath}): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/**
 * Removes the temporary files of saves that died before their rename: those whose
 * process is gone (same host) or that are older than `staleMs`; a save in progress is
 * younger and alive, so its file stays. Best effort: a directory we may not write to
 * keeps its strays, and reading goes on.
 */
async function removeStaleTemps(path: string, staleMs: number): Promise<void> {
  const prefix = `${basename(path)}.`;
  const names = await fsp.readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(?:lock\.)?([\w-]+)\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (!m) continue;
    const temp = join(dirname(path), name);
    const st = await fsp.stat(temp).catch(() => undefined);
    const dead = m[1] === HOST && !processAlive(Number(m[2]));
    if (st && (dead || Date.now() - st.mtimeMs > staleMs)) await fsp.rm(temp, { force: true }).catch(() => undefined);
  }
}
