// Output files the command line writes (a JUnit report, an HTML trace report): checked before a campaign
// starts, so a typo in a path costs a second, not an hour of runs whose report is lost.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export class OutputFileError extends Error {
  override name = 'OutputFileError';
  constructor(flag: string, path: string, reason: string) {
    super(`${flag} ${path} cannot be written: ${reason}`);
  }
}

/** Throws OutputFileError unless `path` is a writable regular file, or could be created (missing directories included). */
function statOf(flag: string, path: string, full: string) {
  try {
    return statSync(full, { throwIfNoEntry: false });
  } catch (err) {
    // ENOTDIR: a file stands where a directory should be; the walk up finds and names it.
    if ((err as { code?: string }).code === 'ENOTDIR') return undefined;
    throw new OutputFileError(flag, path, (err as { message?: string }).message ?? String(err));
  }
}

export function checkWritableFile(flag: string, path: string): void {
  const full = resolve(path);
  const stat = statOf(flag, path, full);
  if (stat) {
    if (!stat.isFile()) throw new OutputFileError(flag, path, stat.isDirectory() ? 'it is a directory' : 'it is not a regular file');
    try {
      accessSync(full, constants.W_OK);
    } catch {
      throw new OutputFileError(flag, path, 'permission denied');
    }
    return;
  }
  // Missing directories are created on write: the nearest one that exists must be a writable directory.
  let dir = dirname(full);
  for (;;) {
    const above = statOf(flag, path, dir);
    if (above) {
      if (!above.isDirectory()) throw new OutputFileError(flag, path, `${dir} is not a directory`);
      try {
        accessSync(dir, constants.W_OK);
      } catch {
        throw new OutputFileError(flag, path, `directory ${dir} is not writable`);
      }
      return;
    }
    if (dirname(dir) === dir) return;
    dir = dirname(dir);
  }
}
