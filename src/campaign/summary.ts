// The campaign's summary, as text: runs (generated; replayed from the regression corpus
// and skipped there, with the corpus's path), steps, faults injected per kind, distinct
// schedules, runs with a caller waiting on a full queue, and failures.
import { FAULT_KINDS } from '../sim/fault-plan';
import type { CampaignResult } from './campaign';
import type { CorpusSkipReason, RunStats } from './run-stats';
import type { StrategyMix } from './profiles';

const SKIP_REASONS: Record<CorpusSkipReason, string> = {
  'other-writer': "other writers'",
  'other-profile': "other profiles'",
  'needs-session': 'needing a session this writer has not',
};

/** `R replayed from the regression corpus, S skipped (a other writers', b other profiles')`. */
function corpusRuns(r: CampaignResult, s: RunStats): string {
  const replayed = `${r.corpusReplayed} replayed from the regression corpus`;
  if (r.corpus === undefined) return replayed;
  const reasons = (Object.keys(SKIP_REASONS) as CorpusSkipReason[]).filter((k) => s.corpusSkippedBy[k] > 0);
  return `${replayed}, ${s.corpusSkipped} skipped${reasons.length ? ` (${reasons.map((k) => `${s.corpusSkippedBy[k]} ${SKIP_REASONS[k]}`).join(', ')})` : ''}`;
}

const STRATEGY_WORDS: Record<StrategyMix, string> = {
  mixed: 'mixed (random walk or PCT, drawn per run)',
  random: 'random walk only',
  pct: 'PCT only',
};

export function formatSummary(r: CampaignResult): string {
  const s = r.stats;
  const faults = FAULT_KINDS.map((k) => `${k} ${s.faults[k]}`).join(', ');
  const lines = [
    `writer:             ${r.writer}`,
    `seed:               ${r.seed}`,
    `profile:            ${r.profile}`,
    `strategy:           ${STRATEGY_WORDS[r.strategy]}`,
    `runs:               ${s.runs} generated${r.interrupted ? ' (time limit reached)' : ''}, ${corpusRuns(r, s)}`,
    ...(r.corpus !== undefined ? [`regression corpus:  ${r.corpus}`] : []),
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
