// The wall-clock limit on one run, shared by the command line (which declares the flag)
// and the watchdog (which must know it before the worker has parsed anything).
import { flagValues } from './argv-peek';

/** Seconds one run may take before the watchdog stops it; a simulated run takes milliseconds. */
export const DEFAULT_RUN_TIMEOUT_S = 30;
export const RUN_TIMEOUT_FLAG = '--run-timeout';
/** The commands that simulate runs, and so run in the watchdog's worker. */
export const WATCHED_COMMANDS: readonly string[] = ['run', 'replay', 'trace', 'hashes'];

/** The limit argv asks for, or the default; a bad value is the worker's to refuse (exit 2), with the command's own message. */
export function runTimeoutFrom(argv: readonly string[]): number {
  const value = flagValues(argv, RUN_TIMEOUT_FLAG).find((v) => /^\d+$/.test(v) && Number(v) >= 1);
  return value === undefined ? DEFAULT_RUN_TIMEOUT_S : Number(value);
}
