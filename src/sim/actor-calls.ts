// Actors and their calls: starting an actor's next op (one call, or a burst of calls
// none of which awaits the one before), checking each answer against the contract, and
// writing the start and the settlement of every call to the trace. The simulation owns
// the step counter and the lists; it hands them over as a CallSite.
import { runAs } from './actor-context';
import { describeOutcome, type CallRecord, type ObservedOutcome } from './run-result';
import type { Trace } from './trace';
import { callWriter, promisesDurability, type PlannedCall } from './workload';
import { notAnOutcome, showValue, type CallOutcome, type LogHandle, type LogSession } from './writer-contract';
import { errorMessage } from './writer-failure';

export interface Actor {
  name: string;
  /** The actor's calls, one group per op: a group's calls start in one step (more than one for a burst). */
  calls: PlannedCall[][];
  next: number;
  /** Calls started and not settled yet; the actor starts its next op once this is empty. */
  inFlight: Set<CallRecord>;
  /** In-flight appends not yet seen waiting on the writer (see notYetSeenWaiting). */
  unseenAppends: Set<CallRecord>;
  handle?: LogHandle;
}

/** What starting and settling calls touches in the simulation. */
export interface CallSite {
  readonly step: number;
  readonly t: number;
  readonly trace: Trace;
  readonly calls: CallRecord[];
  /** Steps at which durability acknowledgements settled, in order. */
  readonly ackSteps: number[];
  readonly session: LogSession | undefined;
  /** A breach of the contract seen in an answer: the run stops at the next step boundary. */
  breach(what: string): void;
  /** A durability point resolved ok: the simulation takes its snapshot of the durable file now. */
  acknowledged(record: CallRecord): void;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

/** Starts the actor's next op: one call, or every call of a burst in order, none awaiting the one before. */
export function startNextOp(actor: Actor, site: CallSite): void {
  const group = actor.calls[actor.next++];
  const burst = group.length > 1;
  // A burst's item calls show as one entry; any other call of it (a leading persist) as its own.
  const itemCalls = burst ? group.filter((c) => c.items.length > 0) : [];
  const summarised = new Set(itemCalls);
  // The outcomes the simulator made from a throw; every other one is the writer's answer, checked.
  const threw = new WeakSet<ObservedOutcome>();
  for (const planned of group) {
    if (planned === itemCalls[0]) {
      const first = planned.items[0].id;
      const last = itemCalls[itemCalls.length - 1].items.at(-1)?.id ?? first;
      site.trace.add({ step: site.step, t: site.t, kind: 'call', actor: actor.name, op: planned.op, burst: { calls: itemCalls.length, first, last } });
    } else if (!summarised.has(planned)) {
      site.trace.add({
        step: site.step,
        t: site.t,
        kind: 'call',
        actor: actor.name,
        op: planned.op,
        ...(planned.items.length ? { items: planned.items.map((i) => i.id) } : {}),
      });
    }
    // Field by field, not a spread copy of the planned call: that took ~290 bytes a record, kept for the whole run.
    const { actor: name, op, items } = planned;
    const record: CallRecord = planned.fromCallback ? { actor: name, op, items, fromCallback: true, startStep: site.step } : { actor: name, op, items, startStep: site.step };
    site.calls.push(record);
    actor.inFlight.add(record);
    if (record.op === 'append') actor.unseenAppends.add(record);
    const settle = (outcome: ObservedOutcome) => {
      const wrong = threw.has(outcome) ? undefined : notAnOutcome(outcome);
      if (wrong) return site.breach(`${actor.name}'s ${planned.op} (started at step ${record.startStep}) resolved ${wrong}`);
      actor.inFlight.delete(record);
      actor.unseenAppends.delete(record);
      record.settledStep = site.step;
      record.outcome = outcome;
      if (outcome.status === 'ok' && promisesDurability(planned)) {
        site.ackSteps.push(site.step);
        site.acknowledged(record);
      }
      site.trace.add({
        step: site.step,
        t: site.t,
        kind: 'settled',
        actor: actor.name,
        op: planned.op,
        outcome: describeOutcome(outcome),
        ...(burst && planned.items.length ? { items: planned.items.map((i) => i.id) } : {}),
      });
      // The actor's next call made from inside this acknowledgement starts now, before any other event.
      if (actor.inFlight.size === 0 && actor.calls[actor.next]?.[0].fromCallback) startNextOp(actor, site);
    };
    let call: Promise<CallOutcome>;
    try {
      call = runAs(actor.name, () => callWriter(planned, actor.handle, site.session));
    } catch (err) {
      call = Promise.reject(err);
    }
    if (!(call instanceof Promise) && !isThenable(call)) {
      site.breach(`${actor.name}'s ${planned.op} returned ${showValue(call)}, not a promise of a CallOutcome`);
      continue;
    }
    Promise.resolve(call).then(settle, (err: unknown) => {
      const outcome: ObservedOutcome = { status: 'threw', message: errorMessage(err) };
      threw.add(outcome);
      settle(outcome);
    });
  }
}

/**
 * The actor's in-flight appends not handed out before, now seen waiting: each is handed
 * out once, so noting waiting callers at every step costs each call once -- not, for a
 * burst of thousands in flight, thousands a step.
 */
export function notYetSeenWaiting(actor: Actor): CallRecord[] {
  const seen = [...actor.unseenAppends];
  actor.unseenAppends.clear();
  return seen;
}

export function describeBlocked(actor: Actor): string {
  const [first] = actor.inFlight;
  return actor.inFlight.size > 1 ? `${actor.name} in ${actor.inFlight.size} ${first.op} calls` : `${actor.name} in ${first.op}`;
}
