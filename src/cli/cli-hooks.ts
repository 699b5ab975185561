// What a command reports besides its output lines: each run's start (the watchdog's
// heartbeat), progress, and error lines. In one process these go to the terminal; in the
// watchdog's worker they are posted to the main thread, which owns the terminal.
import type { OnRunStart } from '../campaign/run-beat';
import { progressFor, type Progress } from './progress';

export interface CliHooks {
  onRunStart?: OnRunStart;
  progress(total: number, label: string): Progress;
  err(line: string): void;
}

export const IN_PROCESS: CliHooks = {
  progress: (total, label) => progressFor(total, process.stderr, label),
  err: (line) => console.error(line),
};
