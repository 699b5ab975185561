// Raw execution, the cost baseline: a workload's calls made on a writer over memfs as
// plain async code -- no scheduler, no simulator, no trace, no read-back, no checks. Every
// actor starts at once and awaits each of its ops before the next (a burst's calls
// together), exactly the calls the simulator and the peer make for the same workload.
// What is left is the writer's own work plus memfs: what any harness must add to.
import { memoryEnv } from '../src/env/memory-env';
import { SIM_HOME } from '../src/sim/simulation';
import { callWriter, plannedSteps, usesHandle, type Workload } from '../src/sim/workload';
import type { LogWriter, LogWriterFactory } from '../src/sim/writer-contract';

/** Wall-clock milliseconds after which a raw run counts as hung; only a writer that waits on nothing settles this slowly. */
const HUNG_AFTER_MS = 10_000;

export interface RawRun {
  /** Calls made. */
  calls: number;
  /** Calls answered per status (a throw counts as `threw`). */
  outcomes: Record<string, number>;
}

export class RawRunHungError extends Error {
  override name = 'RawRunHungError';
  constructor(writer: string) {
    super(`raw run of ${writer} did not finish within ${HUNG_AFTER_MS} ms: a call never settled`);
  }
}

async function playActors(writer: LogWriter, workload: Workload, tally: RawRun): Promise<void> {
  await Promise.all(
    workload.actors.map(async (spec) => {
      const handle = usesHandle(spec) ? writer.handle.clone() : undefined;
      for (const group of plannedSteps(spec)) {
        await Promise.all(
          group.map(async (call) => {
            tally.calls++;
            let status: string;
            try {
              status = (await callWriter(call, handle, writer.session)).status;
            } catch {
              status = 'threw';
            }
            tally.outcomes[status] = (tally.outcomes[status] ?? 0) + 1;
          }),
        );
      }
    }),
  );
}

export async function rawRun(factory: LogWriterFactory, workload: Workload, options: { epochMs?: number; utcOffsetMinutes?: number } = {}): Promise<RawRun> {
  const env = memoryEnv(options);
  const writer = await factory.open(env, SIM_HOME);
  const tally: RawRun = { calls: 0, outcomes: {} };
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RawRunHungError(factory.name)), HUNG_AFTER_MS);
  });
  try {
    await Promise.race([playActors(writer, workload, tally), hung]);
  } finally {
    clearTimeout(timer);
  }
  return tally;
}
