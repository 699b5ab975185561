// Smoke mode (`--fs real`): the same workloads over node:fs in a temporary directory, with
// real time and the runtime's own interleaving. Nothing here is deterministic, so it
// reports what it saw but never prints a replay command. Fault plans do not apply.
import { createTempHome, nodeEnv } from '../env/node-env';
import { checkAll, type Invariant, type Violation } from '../invariants/index';
import { noFaultsFired } from '../sim/fault-plan';
import { scenarioArbitrary, DEFAULT_BOUNDS } from '../sim/scenario-arbitrary';
import type { CallRecord, RunResult } from '../sim/simulation';
import { Trace } from '../sim/trace';
import { callWriter, plannedSteps, usesHandle } from '../sim/workload';
import type { LogWriterFactory } from '../sim/writer-contract';
import fc from 'fast-check';

/** A real run that takes longer than this is reported as a liveness failure. */
export const REAL_RUN_TIMEOUT_MS = 10_000;

export interface RealFsFailure {
  index: number;
  violations: Violation[];
  workload: string;
}

export interface RealFsResult {
  runs: number;
  failures: RealFsFailure[];
}

async function realRun(writer: LogWriterFactory, scenario: RunResult['scenario'], home: string): Promise<RunResult> {
  const env = nodeEnv();
  const trace = new Trace();
  let clock = 0;
  const calls: CallRecord[] = [];
  const opened = await writer.open(env, home);
  const runActor = async (spec: RunResult['scenario']['workload']['actors'][number]) => {
    const handle = usesHandle(spec) ? opened.handle.clone() : undefined;
    for (const group of plannedSteps(spec)) {
      // A burst's calls are all in flight at once, as in the simulator.
      const startStep = clock++;
      await Promise.all(
        group.map(async (planned) => {
          const record: CallRecord = { ...planned, startStep };
          calls.push(record);
          record.outcome = await callWriter(planned, handle, opened.session).catch((err: unknown) => ({ status: 'threw' as const, message: err instanceof Error ? err.message : String(err) }));
          record.settledStep = clock++;
        }),
      );
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), REAL_RUN_TIMEOUT_MS)));
  const finished = await Promise.race([Promise.all(scenario.workload.actors.map(runActor)).then(() => 'done' as const), timedOut]);
  clearTimeout(timer);
  const readBack = await writer.readBack(env.fs, opened.path).catch((err: unknown) => ({ present: false as const, reason: String(err) }));
  return {
    writer: writer.name,
    acknowledges: writer.acknowledges ?? 'durable',
    scenario,
    end: finished === 'done' ? { kind: 'completed' } : { kind: 'liveness', blocked: calls.filter((c) => !c.outcome).map((c) => `${c.actor} in ${c.op}`) },
    calls,
    steps: clock,
    trace,
    hash: trace.hash(),
    path: opened.path,
    readBack,
    faultsFired: noFaultsFired(),
  };
}

export async function runOverRealFs(
  writer: LogWriterFactory,
  options: { numRuns: number; seed: number; invariants: readonly Invariant[]; onRun?: (done: number) => void },
): Promise<RealFsResult> {
  const scenarios = fc.sample(scenarioArbitrary({ ...DEFAULT_BOUNDS, sessions: writer.hasSession === true, maxFaults: 0 }), {
    seed: options.seed,
    numRuns: options.numRuns,
  });
  const failures: RealFsFailure[] = [];
  const temp = await createTempHome('rollout-sim-real-');
  try {
    for (const [index, scenario] of scenarios.entries()) {
      const run = await realRun(writer, scenario, `${temp.home}/run-${index}`);
      const violations = checkAll(run, options.invariants);
      if (violations.length) {
        failures.push({ index, violations, workload: scenario.workload.actors.map((a) => a.name).join(',') });
      }
      options.onRun?.(index + 1);
    }
  } finally {
    await temp.remove();
  }
  return { runs: scenarios.length, failures };
}
