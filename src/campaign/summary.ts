// The campaign's summary, as text: runs, steps, faults injected per kind, distinct
// schedules, runs with a caller waiting on a full queue, and failures.
import { FAULT_KINDS } from '../sim/fault-plan';
import type { CampaignResult } from './campaign';

export function formatSummary(r: CampaignResult): string {
  const s = r.stats;
  const faults = FAULT_KINDS.map((k) => `${k} ${s.faults[k]}`).join(', ');
  const lines = [
    `writer:             ${r.writer}`,
    `seed:               ${r.seed}`,
    `runs:               ${s.runs} generated${r.interrupted ? ' (time limit reached)' : ''}, ${r.corpusReplayed} replayed from the regression corpus${
      s.corpusSkipped ? ` (${s.corpusSkipped} skipped: needs a session this writer has not)` : ''
    }`,
    `steps:              ${s.steps}`,
    `faults injected:    ${faults}`,
    `crashes simulated:  ${s.crashes}`,
    `full queues:        ${s.runsWithWaitingCaller} runs (${percent(s.runsWithWaitingCaller, s.runs)}) with a caller waiting on a full queue`,
    `distinct schedules: ${s.distinctSchedules}`,
    `determinism checks: ${s.determinismChecks} re-runs, ${s.determinismDivergences} diverged`,
    `failures:           ${r.failure ? `1 (${r.failure.invariants.join(', ')}), shrunk in ${s.shrinkRuns} runs` : 0}`,
  ];
  return lines.join('\n');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(1)}%`;
}
