// What a campaign says as each run starts, for a watchdog outside it: enough to name the
// run, and the command that replays it, should the run never end. A run that hangs in a
// synchronous loop cannot report anything itself, so the last beat is all there is.
export interface RunBeat {
  /** The run in words: "run 37 of seed 5 (profile default)", "regression-corpus entry 3fa9c2e01b7d". */
  run: string;
  /** The command that replays this very run, when one can. */
  replay?: string;
  /** Wall-clock time this step may take on top of the per-run limit (walking to a far path). */
  allowMs?: number;
}

export type OnRunStart = (beat: RunBeat) => void;
