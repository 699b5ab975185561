// Invariant 3: replay equals recorded history. The file read back holds the accepted
// items, once each, in an order consistent with each caller's own order, metadata first.
// After a clean shutdown it holds exactly the accepted items and no skipped line -- and so
// after shutdowns that all failed with no file-system error to explain it; after a crash,
// a prefix of each caller's accepted items plus at most one torn line, reported -- checked against the file's bytes, not the reader's word. Where a failed fsync dropped
// pages and a crash followed, the lines over the hole may be reported too, and what they
// held may be missing from the middle of a caller's items.
import type { CallRecord, RunResult } from '../sim/simulation';
import { holdsId } from '../sim/file-facts';
import { durableIds, isItemCall, listIds, shutDownCleanly, unexplainedShutdownFailures, type Invariant, type Violation } from './invariant';

const NAME = 'replay-equals-history' as const;

/** Per actor, the durable ids the writer accepted (or may have, for calls cut off by a crash), in the actor's order. */
function acceptedByActor(run: RunResult): Map<string, string[]> {
  const byActor = new Map<string, string[]>();
  const accepted = (c: CallRecord) => c.outcome === undefined || c.outcome.status === 'queued';
  for (const call of run.calls.filter((c) => isItemCall(c) && accepted(c))) {
    let ids = byActor.get(call.actor);
    if (!ids) byActor.set(call.actor, (ids = []));
    // Pushed one by one, not copied per call: a burst makes hundreds of calls.
    for (const id of durableIds(call)) ids.push(id);
  }
  return byActor;
}

/**
 * Per actor, its ids in the order the file holds them, first occurrences only (duplicates
 * are reported apart): one pass over the file for all actors, not one per actor.
 */
function inFileOrder(byActor: ReadonlyMap<string, readonly string[]>, firstInFile: ReadonlySet<string>): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  const inFile = new Map<string, string[]>();
  for (const [actor, ids] of byActor) {
    inFile.set(actor, []);
    for (const id of ids) {
      let actors = owners.get(id);
      if (!actors) owners.set(id, (actors = []));
      // An actor that handed one id twice still finds it once in the file.
      if (!actors.includes(actor)) actors.push(actor);
    }
  }
  for (const id of firstInFile) for (const actor of owners.get(id) ?? []) inFile.get(actor)!.push(id);
  return inFile;
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

    const seen = new Set<string>();
    const duplicates = readBack.itemIds.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
    if (duplicates.length) fail(`item(s) written more than once: ${listIds([...new Set(duplicates)])}`);

    // Pages a failed fsync dropped read back as NULs after a crash, mid-file: those lines are
    // unreadable, and what they held missing, through the kernel's doing, not the writer's.
    const holeLines = new Set(run.file?.holeLines ?? []);
    const byActor = acceptedByActor(run);
    const acceptedIds = new Set([...byActor.values()].flat());
    const unaccepted = readBack.itemIds.filter((id) => !acceptedIds.has(id));
    if (unaccepted.length) fail(`item(s) in the file that the writer never accepted: ${listIds(unaccepted)}`);

    const inFileByActor = inFileOrder(byActor, seen);
    for (const [actor, ids] of byActor) {
      const inFile = inFileByActor.get(actor)!;
      const order = ids.filter((id) => seen.has(id));
      if (inFile.join() !== order.join()) {
        fail(`${actor}'s items are out of its own order: file has ${listIds(inFile)}, ${actor} handed ${listIds(order)}`);
      } else if (run.end.kind === 'crashed' && holeLines.size === 0 && order.join() !== ids.slice(0, order.length).join()) {
        fail(`after the crash ${actor}'s items are not a prefix of what it handed: file has ${listIds(order)}, handed ${listIds(ids)}`);
      }
    }

    violations.push(...tornTailViolations(run));

    const unexplained = unexplainedShutdownFailures(run);
    if (shutDownCleanly(run) || unexplained.length) {
      const after = unexplained.length
        ? `every shutdown failed (${unexplained.map((c) => c.actor).join(', ')}) but the file system failed no call:`
        : 'after a clean shutdown,';
      const absent = [...acceptedIds].filter((id) => !seen.has(id));
      if (absent.length) fail(`${after} accepted item(s) are not in the file: ${listIds(absent)}`);
      if (readBack.reportedLines.length) fail(`${after} the reader skipped line(s) ${readBack.reportedLines.join(', ')}`);
    } else if (readBack.reportedLines.filter((l) => !holeLines.has(l)).length > 1) {
      fail(`more than one torn line: the reader skipped lines ${readBack.reportedLines.join(', ')}`);
    }
    return violations;
  },
};
