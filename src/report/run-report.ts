// A report for what the command line has in hand: a failure found or replayed (its shrunk
// run, violations and replay command), or one run of `trace` with whatever it broke.
import { writerFlag, type Failure, type WriterRef } from '../campaign/failure';
import type { Violation } from '../invariants/index';
import type { RunResult } from '../sim/simulation';
import { htmlReport, traceJsonl } from './html-report';
import { runFactsOf, type ReportOrigin } from './run-facts';

export function runReportHtml(run: RunResult, origin: ReportOrigin, violations: readonly Violation[]): string {
  return htmlReport(traceJsonl(run), runFactsOf(run, origin, violations), run.hash);
}

export function failureReportHtml(failure: Failure, ref: WriterRef): string {
  const origin: ReportOrigin = {
    writer: writerFlag(ref),
    seed: failure.seed,
    path: failure.path,
    profile: failure.profile,
    strategy: failure.strategy,
    replayCommand: failure.replayCommand,
  };
  return runReportHtml(failure.run, origin, failure.violations);
}
