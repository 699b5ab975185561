// Fault indices sized to the run. A fault names the nth write, fsync or file operation, the
// nth acknowledgement, or a step -- drawn blind, without looking at the workload, about
// half of them fell past the end of the run they were drawn for and never fired (400
// default runs against a catalogue writer: 45% of planned faults fired, 30% of fsync
// failures). Here an index at or past what the workload will likely make is taken modulo
// that count, so it lands inside the run; an index already inside is kept, so the early
// faults small draws give (and shrinking toward 0 keeps) stay as they were.
import type { Fault, FaultPlan } from './fault-plan';
import { OPENING_STEPS, plannedSteps, promisesDurability, stepsOf, type Workload } from './workload';

/** About how many of each thing a run of the workload makes: a guess from its calls, writer-independent. */
export interface ExpectedCounts {
  writes: number;
  syncs: number;
  acks: number;
  steps: number;
}

export function expectedCounts(workload: Workload): ExpectedCounts {
  let writes = 0;
  let acks = 0;
  let steps = 0;
  for (const actor of workload.actors) {
    for (const group of plannedSteps(actor)) {
      // A burst's calls are written in a few batches; any other call may be a write of its own.
      writes += group.length > 1 ? 2 : 1;
      if (promisesDurability(group[0])) acks++;
      steps += stepsOf(group);
    }
  }
  // Writers sync at their durability points, and once or twice besides (creating the file).
  return { writes: Math.max(1, writes), syncs: Math.max(1, acks + 1), acks: Math.max(1, acks), steps: OPENING_STEPS + steps };
}

function inside(index: number, count: number): number {
  return index < count ? index : index % count;
}

function sized(fault: Fault, n: ExpectedCounts): Fault {
  switch (fault.kind) {
    case 'enospc':
    case 'eio-write':
    case 'torn-write':
    case 'short-write':
      return { ...fault, write: inside(fault.write, n.writes) };
    case 'fsync-fail':
      return { ...fault, sync: inside(fault.sync, n.syncs) };
    case 'latency':
      return { ...fault, op: inside(fault.op, n.steps) };
    case 'crash':
      return { ...fault, step: inside(fault.step, n.steps) };
    case 'crash-after-ack':
      return { ...fault, ack: inside(fault.ack, n.acks) };
  }
}

export function sizeFaults(plan: FaultPlan, workload: Workload): FaultPlan {
  const n = expectedCounts(workload);
  return { faults: plan.faults.map((f) => sized(f, n)) };
}
