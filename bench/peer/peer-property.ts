// The peer as a fast-check property, written the way fast-check's docs write a scheduled
// test: `fc.asyncProperty(<inputs>, fc.scheduler(), async (inputs, s) => ...)`, checked
// with fc.assert or fc.check. The inputs are the project's own workloads
// (workloadArbitrary under a profile's bounds); there is no fault plan and no crash --
// fc.scheduler() orders promises, it does not fail them -- so of the profile's bounds only
// the workload's are used. The property fails when any of the project's invariants
// (checkAll: the SPEC's three, liveness and the writer contract) fails on the run.
import fc from 'fast-check';
import { checkAll, type Violation } from '../../src/invariants/index';
import type { RunResult } from '../../src/sim/run-result';
import { workloadArbitrary, type WorkloadBounds } from '../../src/sim/scenario-arbitrary';
import type { LogWriterFactory } from '../../src/sim/writer-contract';
import { peerRun, type PeerOptions } from './peer-run';

export class PeerViolationError extends Error {
  override name = 'PeerViolationError';
  constructor(readonly violations: readonly Violation[]) {
    super(violations.map((v) => `[${v.invariant}] ${v.message}`).join('\n'));
  }
}

export interface PeerPropertyOptions extends PeerOptions {
  /** Told of every run, shrinking ones included. */
  onRun?: (run: RunResult, violations: readonly Violation[]) => void;
}

export function peerProperty(writer: LogWriterFactory, bounds: WorkloadBounds, options: PeerPropertyOptions = {}) {
  return fc.asyncProperty(workloadArbitrary(bounds), fc.scheduler(), async (workload, s) => {
    const run = await peerRun(writer, workload, s, options);
    const violations = checkAll(run);
    options.onRun?.(run, violations);
    if (violations.length > 0) throw new PeerViolationError(violations);
  });
}
