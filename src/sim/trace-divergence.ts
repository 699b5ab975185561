// Where two traces of one scenario part: the first entry that differs, with both sides.
// Two runs of a scenario must agree entry for entry (the file-state entries included);
// the first difference names the step at which something outside the simulator -- a
// random number, the wall clock, a real timer, state kept between runs -- got in.
import { renderEntry, type TraceEntry } from './trace';

export interface TraceDivergence {
  /** Index of the first differing entry (in both traces). */
  index: number;
  /** The step of that entry, from whichever side has one (the first run's if both do). */
  step: number;
  /** The entries at `index`; undefined on the side whose trace ended there. */
  first: TraceEntry | undefined;
  second: TraceEntry | undefined;
}

/** The first entry at which `a` and `b` differ, or undefined if they are the same trace. */
export function firstDivergence(a: readonly TraceEntry[], b: readonly TraceEntry[]): TraceDivergence | undefined {
  const n = Math.max(a.length, b.length);
  for (let index = 0; index < n; index++) {
    const first = a[index];
    const second = b[index];
    if (first !== undefined && second !== undefined && JSON.stringify(first) === JSON.stringify(second)) continue;
    const step = first?.step ?? second?.step ?? 0;
    return { index, step, first, second };
  }
  return undefined;
}

/** One side of a divergence as a line: the rendered entry, or where its trace stopped. */
export function renderSide(entry: TraceEntry | undefined): string {
  return entry ? renderEntry(entry).trim() : '(no entry: this trace ends here)';
}
