// Invariant 1: no acknowledged item is lost. Two kinds of promise make an item required:
//
// - A durability point: a flush, session flush, shutdown or session shutdown that resolved
//   ok promises that every item accepted before it started is durable, so the file must
//   hold it whatever happens later -- a crash at any later step included. A session
//   shutdown that resolved ok also covers what was handed to the session before it was
//   called.
// - A clean shutdown (the run completed, a shutdown resolved ok): every item whose append
//   or session persist resolved `queued`, and every item handed to the session before its
//   shutdown was called, is in the file.
import type { CallRecord, RunResult } from '../sim/simulation';
import type { ReadBack } from '../sim/writer-contract';
import { promisesDurability } from '../sim/workload';
import { durableIds, firstShutdown, isItemCall, LISTED, listFirstIds, listIds, shutDownCleanly, type Invariant, type Violation } from './invariant';

/** Why the durable items of an item call are required: put into words only for an item found missing. */
type Requirement = { kind: 'queued' | 'handed'; call: CallRecord } | { kind: 'point' | 'handed-then-point'; call: CallRecord; point: CallRecord };

function describeRequirement(r: Requirement): string {
  switch (r.kind) {
    case 'queued':
      return `${r.call.actor} was told its ${r.call.op} was queued`;
    case 'handed':
      return `${r.call.actor} handed it to the session before shutdown was called`;
    case 'point':
      return describePoint(r.point);
    case 'handed-then-point':
      return `${r.call.actor} handed it to the session before shutdown was called, and ${describePoint(r.point)}`;
  }
}

/** The ids a reading of the file holds, one set per reading however many points share it. */
type Readings = (readBack: ReadBack) => ReadonlySet<string>;

function readingsOf(): Readings {
  const sets = new Map<ReadBack, ReadonlySet<string>>();
  return (readBack) => {
    let ids = sets.get(readBack);
    if (!ids) sets.set(readBack, (ids = new Set(readBack.present ? readBack.itemIds : [])));
    return ids;
  };
}

/**
 * The required items the file lacks, each with the first requirement that made it
 * required. Requirements come in the order they were found; an id is looked up in the
 * file once per requirement, and only a missing one is looked up again.
 */
function missing(run: RunResult, required: readonly Requirement[], present: ReadonlySet<string>): Violation[] {
  const firstWhy = new Map<string, Requirement>();
  for (const requirement of required) {
    for (const { id, durable } of requirement.call.items) {
      if (durable && !present.has(id) && !firstWhy.has(id)) firstWhy.set(id, requirement);
    }
  }
  if (firstWhy.size === 0) return [];
  const lost = [...firstWhy.keys()];
  const reasons = new Set([...firstWhy.values()].map(describeRequirement));
  const file = run.readBack.present ? '' : ` (no readable file: ${run.readBack.reason})`;
  return [
    {
      invariant: 'no-acknowledged-item-lost',
      message: `${lost.length} acknowledged item(s) missing from the file${file}: ${listIds(lost)} -- ${[...reasons].join('; ')}`,
    },
  ];
}

/**
 * Session persists the session's shutdown is answerable for: handed in before the first
 * shutdown (a session one) was called, and not overtaken by a handle's shutdown that shut
 * the recorder down under the session's feet while the persist was in flight.
 */
function sessionPromised(run: RunResult): (call: CallRecord) => boolean {
  const first = firstShutdown(run);
  if (first?.op !== 'session-shutdown') return () => false;
  const handleShutdownStart = Math.min(...run.calls.filter((c) => c.op === 'shutdown').map((c) => c.startStep));
  return (call) => call.op === 'session-persist' && call.startStep < first.startStep && !(handleShutdownStart < (call.settledStep ?? Infinity));
}

/** The first of `points` (sorted by start) to start at or after `step`: found by halving, as walking the points for every item call was quadratic. */
function firstStartingFrom(points: readonly CallRecord[], step: number): CallRecord | undefined {
  let low = 0;
  let high = points.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (points[mid].startStep < step) low = mid + 1;
    else high = mid;
  }
  return points[low];
}

function describePoint(point: CallRecord): string {
  return `${point.actor}'s ${point.op} at step ${point.startStep} reported it durable`;
}

/** Flushes and shutdowns that resolved ok, by start: each a promise about the items before it. */
function durabilityPoints(run: RunResult): CallRecord[] {
  return run.calls.filter((c) => promisesDurability(c) && c.outcome?.status === 'ok').sort((a, b) => a.startStep - b.startStep);
}

/** Every requirement the run's answers make, in call order: which item calls' durable items the file must hold at the end, and why. */
function requirementsOf(run: RunResult, points: readonly CallRecord[], itemCalls: readonly CallRecord[], promisedToSession: (call: CallRecord) => boolean): Requirement[] {
  const required: Requirement[] = [];
  const sessionShutdownOk = points.find((p) => p.op === 'session-shutdown');
  if (shutDownCleanly(run)) {
    // Requires everything the durability points below would: they are skipped.
    for (const call of itemCalls) {
      if (call.outcome?.status === 'queued') required.push({ kind: 'queued', call });
      if (promisedToSession(call)) required.push({ kind: 'handed', call });
    }
  } else {
    // Durability points. An item is covered by the first point that started once its
    // call had settled queued; the latest point decides whether there is one. A writer
    // that acknowledges only `visible` promises nothing across a crash.
    const durablePoints = run.acknowledges === 'durable' ? points : [];
    const latestStart = durablePoints.length ? durablePoints[durablePoints.length - 1].startStep : -Infinity;
    for (const call of itemCalls) {
      if (call.outcome?.status === 'queued' && call.settledStep! <= latestStart) {
        required.push({ kind: 'point', call, point: firstStartingFrom(durablePoints, call.settledStep!)! });
      }
      if (run.acknowledges === 'durable' && sessionShutdownOk && promisedToSession(call)) {
        required.push({ kind: 'handed-then-point', call, point: sessionShutdownOk });
      }
    }
  }
  return required;
}

/** The items the file must hold when the run has ended, each with why (the first requirement that made it so), in the order they were handed over. */
export function requiredItems(run: RunResult): Map<string, string> {
  const required = new Map<string, string>();
  for (const requirement of requirementsOf(run, durabilityPoints(run), run.calls.filter(isItemCall), sessionPromised(run))) {
    let why: string | undefined;
    for (const id of durableIds(requirement.call)) if (!required.has(id)) required.set(id, (why ??= describeRequirement(requirement)));
  }
  return required;
}

/** What one acknowledgement promised: its first durable items in the order they were handed over, and how many in all. */
export interface Promised {
  first: string[];
  count: number;
}

/**
 * What each acknowledgement promised: for every flush or shutdown that resolved ok, the
 * durable items of the item calls that had settled queued when it started (and, for a
 * session shutdown, those handed to the session before it) -- as notDurableAtAck reads
 * it, and as it walks them: what a point covers only grows, so the calls are reached once
 * in the order they settled, and only the first `limit` ids are kept.
 */
export function promisedByAck(run: RunResult, limit: number): Map<CallRecord, Promised> {
  const promisedToSession = sessionPromised(run);
  const itemCalls = run.calls.filter(isItemCall);
  const bySettle = queuedBySettle(itemCalls);
  const promised = new Map<CallRecord, Promised>();
  const first: LostItem[] = [];
  let count = 0;
  let reached = 0;
  const add = (into: LostItem[], call: CallRecord, index: number) =>
    durableIds(call).forEach((id, at) => {
      insertInCallOrder(into, { index, at, id });
      if (into.length > limit) into.pop();
    });
  for (const point of durabilityPoints(run)) {
    for (; reached < bySettle.length && itemCalls[bySettle[reached]].settledStep! <= point.startStep; reached++) {
      const index = bySettle[reached];
      count += durableIds(itemCalls[index]).length;
      add(first, itemCalls[index], index);
    }
    let items = first;
    let total = count;
    if (point.op === 'session-shutdown') {
      // Session shutdowns are few (one per shutdown caller): each may walk the calls.
      items = [...first];
      itemCalls.forEach((c, index) => {
        const covered = c.outcome?.status === 'queued' && c.settledStep! <= point.startStep;
        if (covered || !promisedToSession(c)) return;
        total += durableIds(c).length;
        add(items, c, index);
      });
    }
    promised.set(point, { first: items.map((l) => l.id), count: total });
  }
  return promised;
}

export const noAcknowledgedItemLost: Invariant = {
  name: 'no-acknowledged-item-lost',
  statement: 'No acknowledged item is lost.',
  check(run) {
    const promisedToSession = sessionPromised(run);
    const points = durabilityPoints(run);
    const itemCalls = run.calls.filter(isItemCall);
    const required = requirementsOf(run, points, itemCalls, promisedToSession);
    const readings = readingsOf();
    return [...missing(run, required, readings(run.readBack)), ...notDurableAtAck(run, points, itemCalls, promisedToSession, readings)];
  },
};

/**
 * Each durability point judged at the moment it was given: the file's durable bytes then
 * (a snapshot the simulator takes as the call settles) must already hold everything the
 * point covers. A writer that acknowledges first and syncs after passes every run in
 * which nothing crashes -- and loses data for a process that exits right after the ack.
 *
 * What a point covers only grows from one point to the next (the item calls settled
 * queued by its start), and points whose snapshots had the same bytes share one reading;
 * so each reading's missing items are gathered once, call by call as the points reach
 * them, rather than every point walking every call.
 */
function notDurableAtAck(
  run: RunResult,
  points: readonly CallRecord[],
  itemCalls: readonly CallRecord[],
  promisedToSession: (call: CallRecord) => boolean,
  readingOf: Readings,
): Violation[] {
  const out: Violation[] = [];
  const bySettle = queuedBySettle(itemCalls);
  const readings = new Map<ReadBack, { present: ReadonlySet<string>; reached: number; lost: LostItem[] }>();
  for (const point of points) {
    const snapshot = point.fileAtAck;
    if (!snapshot) continue;
    let reading = readings.get(snapshot);
    if (!reading) readings.set(snapshot, (reading = { present: readingOf(snapshot), reached: 0, lost: [] }));
    const { present } = reading;
    const lostFrom = (call: CallRecord, index: number, into: LostItem[]) => {
      durableIds(call).forEach((id, at) => {
        if (!present.has(id)) insertInCallOrder(into, { index, at, id });
      });
    };
    for (; reading.reached < bySettle.length && itemCalls[bySettle[reading.reached]].settledStep! <= point.startStep; reading.reached++) {
      lostFrom(itemCalls[bySettle[reading.reached]], bySettle[reading.reached], reading.lost);
    }
    let lostItems: readonly LostItem[] = reading.lost;
    if (point.op === 'session-shutdown') {
      // Session shutdowns are few (one per shutdown caller): each may walk the calls.
      const promised: LostItem[] = [];
      itemCalls.forEach((c, index) => {
        const reached = c.outcome?.status === 'queued' && c.settledStep! <= point.startStep;
        if (!reached && promisedToSession(c)) lostFrom(c, index, promised);
      });
      if (promised.length) lostItems = [...reading.lost, ...promised].sort(inCallOrder);
    }
    if (lostItems.length === 0) continue;
    // Only the count and the first few ids are named: a point need not copy a long list.
    const lost = listFirstIds(lostItems.slice(0, LISTED).map((l) => l.id), lostItems.length);
    const durable = run.acknowledges === 'durable';
    out.push({
      invariant: 'no-acknowledged-item-lost',
      message:
        `${lostItems.length} item(s) not yet ${durable ? 'durable' : 'in the file'} when ${describePoint(point)} (settled at step ${point.settledStep}): ${lost} -- ` +
        `a process that ${durable ? 'lost power' : 'exited'} right after the acknowledgement would have lost them${snapshot.present ? '' : ` (file then: ${snapshot.reason})`}`,
      at: { step: point.settledStep ?? point.startStep, actor: point.actor },
    });
  }
  return out;
}

/**
 * Indices of the item calls that settled queued, in the order they settled (ties in call
 * order). Calls mostly settle in the order they started: then there is nothing to sort.
 */
function queuedBySettle(itemCalls: readonly CallRecord[]): number[] {
  const order: number[] = [];
  const steps: number[] = [];
  let sorted = true;
  itemCalls.forEach((call, index) => {
    if (call.outcome?.status !== 'queued' || call.settledStep === undefined) return;
    if (steps.length && call.settledStep < steps[steps.length - 1]) sorted = false;
    order.push(index);
    steps.push(call.settledStep);
  });
  if (sorted) return order;
  const ranks = order.map((_, i) => i).sort((a, b) => steps[a] - steps[b] || a - b);
  return ranks.map((i) => order[i]);
}

/** An item missing from a snapshot: the `at`th durable item of item call `index`. */
interface LostItem {
  index: number;
  at: number;
  id: string;
}

function inCallOrder(a: LostItem, b: LostItem): number {
  return a.index - b.index || a.at - b.at;
}

/**
 * Inserts `item` where it belongs in `lost`, kept in the order the items were handed over
 * (call, then place in the call). Items arrive in the order their calls settled, which is
 * nearly that order, so each lands at or near the end.
 */
function insertInCallOrder(lost: LostItem[], item: LostItem): void {
  let low = 0;
  let high = lost.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (inCallOrder(lost[mid], item) < 0) low = mid + 1;
    else high = mid;
  }
  if (low === lost.length) lost.push(item);
  else lost.splice(low, 0, item);
}
