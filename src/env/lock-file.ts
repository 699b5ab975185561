// The lock file that guards a shared text file's read-merge-write (locked-text-file.ts):
// created atomically (a hard link of a file naming its owner, `pid@host`), waited for with
// bounded backoff, and broken when stale -- its process is gone, it is old, or it has
// named no owner for a while -- so a save killed half way never blocks the next one.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** Attempts to take the lock before giving up: with the backoff below, about 15 s of waiting. */
const LOCK_RETRY_LIMIT = 200;
/** First wait after finding the lock taken; doubled each attempt up to LOCK_MAX_BACKOFF_MS, with jitter. */
const LOCK_BACKOFF_MS = 5;
const LOCK_MAX_BACKOFF_MS = 100;
/** A save holds the lock for milliseconds; a lock this old is from a process that hung or died on another host. */
const STALE_LOCK_MS = 30_000;
/**
 * A lock that names no owner was left by a process killed between creating it and writing
 * its name (possible only where hard links are not, see createLock); its creator writes at
 * once, so past this age nobody will.
 */
const OWNERLESS_LOCK_MS = 2_000;

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

/** Host names go into file names: only the characters that are safe there. */
export const HOST = hostname().replace(/[^\w-]/g, '_') || 'host';

export function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errno(err) === 'EPERM'; // it exists, under another user
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `<name>.<host>.<pid>.<random>.tmp`: whose it is, so a stale one can be told from one being written. */
export function tempName(target: string): string {
  return join(dirname(target), `${basename(target)}.${HOST}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
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

/** Takes the lock on `path` (the file `${path}.lock`); the returned function releases it. `fail` makes the error that names the file. */
export async function acquireLock(path: string, policy: LockPolicy, fail: (reason: string) => Error): Promise<() => Promise<void>> {
  const lockPath = `${path}.lock`;
  let refused: Error | undefined;
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
        throw (refused = fail(`is locked by ${who} (${lockPath}) after ${policy.retryLimit} attempts; if no rollout-sim is running, remove the lock file`));
      }
      if (holder && isStale(holder, policy.staleMs)) await breakLock(lockPath, holder.ino);
      else if (holder) {
        const backoff = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.min(attempt, 16));
        await sleep(backoff / 2 + Math.random() * (backoff / 2));
      }
    } catch (err) {
      if (err === refused) throw err;
      throw fail(`cannot be locked (${lockPath}): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
