// A campaign's result as a JUnit XML report (one test case per invariant), built with
// junit-report-builder, for CI systems that show test results.
import junit from 'junit-report-builder';
import type { Invariant } from '../invariants/index';
import type { CampaignResult } from './campaign';
import { formatFailure } from './failure';

/** `invariants` may include `determinism`, which has a name and a statement but no per-run check. */
export function junitReport(result: CampaignResult, invariants: ReadonlyArray<Pick<Invariant, 'name' | 'statement'>>): string {
  const builder = junit.newBuilder();
  const suite = builder
    .testSuite()
    .name(`rollout-sim ${result.writer}`)
    .property('seed', String(result.seed))
    .property('runs', String(result.stats.runs))
    .property('distinct-schedules', String(result.stats.distinctSchedules));
  for (const invariant of invariants) {
    const testCase = suite.testCase().className(`rollout-sim.${result.writer}`).name(`${invariant.name}: ${invariant.statement}`);
    const failure = result.failure;
    if (failure?.invariants.includes(invariant.name)) {
      const message = failure.violations.filter((v) => v.invariant === invariant.name).map((v) => v.message).join('\n');
      testCase.failure(message, 'InvariantViolation').standardOutput(formatFailure(failure));
    }
  }
  return builder.build();
}
