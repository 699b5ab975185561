// Where a session's rollout lives: <home>/sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl,
// in local time with '-' for ':'. Paths are POSIX and checked to stay inside the sessions
// directory, whatever id or resume path a caller hands in.
import * as path from 'node:path';
import { SessionPathError } from './errors';

const SESSION_ID = /^[0-9A-Za-z][0-9A-Za-z-]{0,63}$/;

export function sessionsDir(home: string): string {
  return path.posix.join(path.posix.resolve('/', home), 'sessions');
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export interface RolloutLocation {
  dir: string;
  file: string;
}

export function rolloutLocation(home: string, sessionId: string, epochMs: number, utcOffsetMinutes: number): RolloutLocation {
  const root = sessionsDir(home);
  if (!SESSION_ID.test(sessionId)) throw new SessionPathError('session id', sessionId, root);
  // Shift by the offset and read the UTC fields: local time without consulting the process time zone.
  const local = new Date(epochMs + utcOffsetMinutes * 60_000);
  const y = pad(local.getUTCFullYear(), 4);
  const mo = pad(local.getUTCMonth() + 1);
  const d = pad(local.getUTCDate());
  const stamp = `${y}-${mo}-${d}T${pad(local.getUTCHours())}-${pad(local.getUTCMinutes())}-${pad(local.getUTCSeconds())}`;
  const dir = path.posix.join(root, y, mo, d);
  return { dir, file: path.posix.join(dir, `rollout-${stamp}-${sessionId}.jsonl`) };
}

/** Resolves a path handed to `resume` and refuses one outside the sessions directory. */
export function checkedResumePath(home: string, candidate: string): string {
  const root = sessionsDir(home);
  const resolved = path.posix.resolve(root, candidate);
  if (!resolved.startsWith(root + '/') || !resolved.endsWith('.jsonl')) {
    throw new SessionPathError('rollout path', candidate, root);
  }
  return resolved;
}
