// A text file that several processes read and update safely: the regression corpus,
// which parallel jest workers and CI shards on a shared cache all save to. An update is
// read-merge-write under a lock file (created atomically, naming its owner), and the
// write goes to a temporary file in the same directory that is renamed over the target,
// so a reader sees the old text or the new, never a torn one. A save killed half way leaves a lock
// that is recognised as stale (its process is gone, or it is old) and a temporary file
// that the next read removes. Only regular files are read or replaced: a directory, a
// FIFO or a device path is refused before anything is written.
import { constants, promises as fsp, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { acquireLock, DEFAULT_LOCK_POLICY, errno, HOST, processAlive, tempName, type LockPolicy } from './lock-file';

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

function fileKind(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
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
