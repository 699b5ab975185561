// The wall-clock limit on one run, shared by the command line (which declares the flag)
// and the watchdog (which must know it before the worker has parsed anything).

/** Seconds one run may take before the watchdog stops it; a simulated run takes milliseconds. */
export const DEFAULT_RUN_TIMEOUT_S = 30;
export const RUN_TIMEOUT_FLAG = '--run-timeout';
/** The commands that simulate runs, and so run in the watchdog's worker. */
export const WATCHED_COMMANDS: readonly string[] = ['run', 'replay', 'trace', 'hashes'];

/** The limit argv asks for, or the default; a bad value is the worker's to refuse (exit 2), with the command's own message. */
export function runTimeoutFrom(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = arg === RUN_TIMEOUT_FLAG ? argv[i + 1] : arg.startsWith(`${RUN_TIMEOUT_FLAG}=`) ? arg.slice(RUN_TIMEOUT_FLAG.length + 1) : undefined;
    if (value !== undefined && /^\d+$/.test(value) && Number(value) >= 1) return Number(value);
  }
  return DEFAULT_RUN_TIMEOUT_S;
}
