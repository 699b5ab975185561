// Invariant 3: replay equals recorded history. The file read back holds the accepted
// items, once each, in an order consistent with each caller's own order, metadata first.
// After a clean shutdown it holds exactly the accepted items and no skipped line -- and so
// after shutdowns that all failed with no file-system error to explain it; after a crash,
// a prefix of each caller's accepted items plus at most one torn line, reported -- checked against the file's bytes, not the reader's word. Where a failed fsync dropped
// pages and a crash followed, the lines over the hole may be reported too, and what they
// held may be missing from the middle of a caller's items.
import type { RunResult } from '../sim/simulation';
import { holdsId } from '../sim/file-facts';
import { isItemCall, listIds, shutDownCleanly, unexplainedShutdownFailures, type Invariant, type Violation } from './invariant';

const NAME = 'replay-equals-history' as const;

/** Who handed each accepted id: one actor, or (an id handed by more than one) each of them. */
type Owners = Map<string, string | string[]>;

/**
 * Per actor, the durable ids the writer accepted (or may have, for calls cut off by a
 * crash), in the actor's order; and who handed each.
 */
function acceptedByActor(run: RunResult): { byActor: Map<string, string[]>; owners: Owners } {
  const byActor = new Map<string, string[]>();
  const owners: Owners = new Map();
  for (const call of run.calls) {
    if (!isItemCall(call) || !(call.outcome === undefined || call.outcome.status === 'queued')) continue;
    let ids = byActor.get(call.actor);
    if (!ids) byActor.set(call.actor, (ids = []));
    for (const { id, durable } of call.items) {
      if (!durable) continue;
      // Pushed one by one, not copied per call: a burst makes hundreds of calls.
      ids.push(id);
      const owner = owners.get(id);
      if (owner === undefined) owners.set(id, call.actor);
      else if (typeof owner === 'string') {
        if (owner !== call.actor) owners.set(id, [owner, call.actor]);
      } else if (!owner.includes(call.actor)) owner.push(call.actor);
    }
  }
  return { byActor, owners };
}

/** Whether two lists of ids read the same joined by commas (as the messages show them), without joining when they are equal item by item. */
function sameJoined(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === b.length && a.every((id, i) => id === b[i])) return true;
  return a.join() === b.join();
}

const EXCERPT = 60;

/**
 * The reader against the bytes: a last line without a newline is torn whatever it holds,
 * so the reader must report it and must not hand back an item from it.
 */
function tornTailViolations(run: RunResult): Violation[] {
  const { readBack, file } = run;
  if (!readBack.present || !file) return [];
  const out: Violation[] = [];
  if (file.size > 0 && readBack.endsWithNewline !== file.endsWithNewline) {
    out.push({ invariant: NAME, message: `the reader says the file ${readBack.endsWithNewline ? 'ends' : 'does not end'} in a newline; its bytes say otherwise` });
  }
  const tail = file.tornTail;
  if (!tail) return out;
  const excerpt = JSON.stringify(tail.text.length > EXCERPT ? `${tail.text.slice(0, EXCERPT)}...` : tail.text);
  if (!readBack.reportedLines.includes(tail.line)) {
    out.push({ invariant: NAME, message: `the file ends in an unterminated line ${tail.line} (${excerpt}), which the reader did not report as torn` });
  }
  const fromTail = readBack.itemIds.filter((id) => holdsId(tail.text, id) && !holdsId(file.completeText, id));
  if (fromTail.length) {
    out.push({ invariant: NAME, message: `the reader returned item(s) ${listIds(fromTail)} from line ${tail.line}, which has no newline: a torn line is not an item` });
  }
  return out;
}

export const replayEqualsHistory: Invariant = {
  name: NAME,
  statement: 'Replay equals recorded history.',
  check(run) {
    const { readBack } = run;
    if (!readBack.present) return [];
    const violations: Violation[] = [];
    const fail = (message: string) => violations.push({ invariant: NAME, message });
    if (!readBack.metaFirst) fail('the metadata line is not the first line, or there is more than one');

    // One pass over the file: the first occurrence of each id, in the file's order, goes to
    // whoever handed it; a later one is a duplicate; one nobody handed was never accepted.
    const { byActor, owners } = acceptedByActor(run);
    const seen = new Set<string>();
    const duplicates: string[] = [];
    const unaccepted: string[] = [];
    const inFileByActor = new Map([...byActor.keys()].map((actor) => [actor, [] as string[]]));
    for (const id of readBack.itemIds) {
      const owner = owners.get(id);
      if (owner === undefined) unaccepted.push(id);
      const before = seen.size;
      seen.add(id);
      if (seen.size === before) duplicates.push(id);
      else if (typeof owner === 'string') inFileByActor.get(owner)!.push(id);
      else if (owner) for (const actor of owner) inFileByActor.get(actor)!.push(id);
    }
    if (duplicates.length) fail(`item(s) written more than once: ${listIds([...new Set(duplicates)])}`);
    if (unaccepted.length) fail(`item(s) in the file that the writer never accepted: ${listIds(unaccepted)}`);

    // Pages a failed fsync dropped read back as NULs after a crash, mid-file: those lines are
    // unreadable, and what they held missing, through the kernel's doing, not the writer's.
    const holeLines = new Set(run.file?.holeLines ?? []);
    // Accepted items not in the file matter only when the writer owes them all.
    const unexplained = unexplainedShutdownFailures(run);
    const owesAll = shutDownCleanly(run) || unexplained.length > 0;
    const absent = new Set<string>();
    for (const [actor, ids] of byActor) {
      const inFile = inFileByActor.get(actor)!;
      const order: string[] = [];
      for (const id of ids) {
        if (seen.has(id)) order.push(id);
        else if (owesAll) absent.add(id);
      }
      if (!sameJoined(inFile, order)) {
        fail(`${actor}'s items are out of its own order: file has ${listIds(inFile)}, ${actor} handed ${listIds(order)}`);
      } else if (run.end.kind === 'crashed' && holeLines.size === 0 && !sameJoined(order, ids.slice(0, order.length))) {
        fail(`after the crash ${actor}'s items are not a prefix of what it handed: file has ${listIds(order)}, handed ${listIds(ids)}`);
      }
    }

    violations.push(...tornTailViolations(run));

    if (owesAll) {
      const after = unexplained.length
        ? `every shutdown failed (${unexplained.map((c) => c.actor).join(', ')}) but the file system failed no call:`
        : 'after a clean shutdown,';
      if (absent.size) fail(`${after} accepted item(s) are not in the file: ${listIds([...absent])}`);
      if (readBack.reportedLines.length) fail(`${after} the reader skipped line(s) ${readBack.reportedLines.join(', ')}`);
    } else if (readBack.reportedLines.filter((l) => !holeLines.has(l)).length > 1) {
      fail(`more than one torn line: the reader skipped lines ${readBack.reportedLines.join(', ')}`);
    }
    return violations;
  },
};
