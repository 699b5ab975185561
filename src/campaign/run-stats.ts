// What a campaign counts: runs, steps, faults injected per kind, distinct schedules
// (distinct trace hashes) and failures. Shrinking runs are counted apart.
import { FAULT_KINDS, noFaultsFired } from '../sim/fault-plan';
import type { RunResult } from '../sim/simulation';

/** Why a corpus entry was not replayed: it belongs to another writer or profile, or needs a session the writer has not. */
export type CorpusSkipReason = 'other-writer' | 'other-profile' | 'needs-session';

export class RunStats {
  /** Generated runs (corpus replays and shrinking runs are counted apart). */
  runs = 0;
  corpusRuns = 0;
  /** Corpus entries not replayed: another writer's, another profile's, or a session scenario for a writer without a session. */
  corpusSkipped = 0;
  readonly corpusSkippedBy: Record<CorpusSkipReason, number> = { 'other-writer': 0, 'other-profile': 0, 'needs-session': 0 };
  steps = 0;
  shrinkRuns = 0;
  failures = 0;
  crashes = 0;
  /** Determinism re-runs (sampled, while shrinking, and of the failure reported), and how many diverged. */
  determinismChecks = 0;
  determinismDivergences = 0;
  /** Runs in which some caller waited on the writer (for a bounded queue: on a full queue). */
  runsWithWaitingCaller = 0;
  readonly faults = noFaultsFired();
  private readonly schedules = new Set<string>();
  private shrinking = false;

  recordCorpusRun(): void {
    this.corpusRuns++;
  }

  recordCorpusSkip(reason: CorpusSkipReason): void {
    this.corpusSkipped++;
    this.corpusSkippedBy[reason]++;
  }

  recordDeterminismCheck(diverged: boolean): void {
    this.determinismChecks++;
    if (diverged) this.determinismDivergences++;
  }

  record(run: RunResult, failed: boolean): void {
    if (this.shrinking) {
      this.shrinkRuns++;
      return;
    }
    this.runs++;
    this.steps += run.steps;
    if (run.end.kind === 'crashed') this.crashes++;
    if ((run.backpressure?.waitedCalls ?? 0) > 0) this.runsWithWaitingCaller++;
    this.schedules.add(run.hash);
    for (const k of FAULT_KINDS) this.faults[k] += run.faultsFired[k];
    if (failed) {
      this.failures++;
      this.shrinking = true; // fast-check shrinks after the first failure
    }
  }

  get distinctSchedules(): number {
    return this.schedules.size;
  }
}
