// Determinism: two runs of one scenario give the same trace, entry for entry -- the same
// events in the same order and, in the file-state entries, the same bytes. It needs two
// runs, so it is not one of the per-run invariants: the campaign replays every failure
// and a sample of passing runs and compares (see campaign/determinism-check.ts). A
// difference means the writer reached past its env: Math.random, the wall clock, a real
// timer, real I/O, or state kept from one run to the next.
import type { RunResult } from '../sim/simulation';
import { firstDivergence, renderSide } from '../sim/trace-divergence';
import type { Violation } from './invariant';

export const determinism = {
  name: 'determinism',
  statement: 'two runs of one scenario give the same trace: the same events in the same order and the same file bytes',

  /** Compares a run with a re-run of its scenario; one violation naming the first differing entry, with both sides. */
  compare(first: RunResult, second: RunResult): Violation[] {
    const d = firstDivergence(first.trace.entries, second.trace.entries);
    if (!d) return [];
    const what = d.first?.kind === 'file' || d.second?.kind === 'file' ? 'file state' : 'event';
    return [
      {
        invariant: 'determinism',
        message:
          `two runs of the same scenario differ, first at step ${d.step} (trace entry ${d.index}, ${what}): ` +
          'the writer depends on something outside its env (Math.random, the wall clock, a real timer, real I/O, or state kept between runs)\n' +
          `    first run: ${renderSide(d.first)}\n` +
          `    re-run:    ${renderSide(d.second)}`,
      },
    ];
  },
} as const;
