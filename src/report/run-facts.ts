// What the report shows beside the trace: where the run came from (writer, seed, profile,
// the replay command), what broke (each violation with its invariant's statement), the
// writer's file as it ended line by line, what the writer's reader made of it, and for
// every item whether it was required and whether the file holds it. All of it is read off
// the finished run, which the trace hash names; none of it is drawn from anything else.
import { ALL_INVARIANTS, determinism, isItemCall, unexplainedShutdownFailures, type Violation } from '../invariants/index';
import { promisedByAck, requiredItems, type Promised } from '../invariants/no-acknowledged-item-lost';
import type { CallRecord, RunResult } from '../sim/simulation';
import { describeOutcome } from '../sim/simulation';
import { contentHash } from '../sim/trace';

/** Where the run came from: enough to say what it is and to run it again. */
export interface ReportOrigin {
  /** How the command line names the writer: `--variant legacy`, `--target log4js@6.3.0`. */
  writer: string;
  seed?: number;
  path?: string;
  profile: string;
  strategy: string;
  /** The one command that reproduces this run (its trace hash included). */
  replayCommand: string;
}

export interface ReportViolation {
  invariant: string;
  statement: string;
  message: string;
  /** The step it broke at; absent: judged when the run had ended. */
  step?: number;
  actor?: string;
}

export type ItemStatus = 'present' | 'missing' | 'duplicated' | 'absent';

export interface ReportItem {
  id: string;
  /** The call that handed it over, and how that call was answered. */
  actor: string;
  op: string;
  outcome: string;
  /** Why the file must hold it, when it must. */
  requiredBecause?: string;
  /** How many times the reader found it. */
  found: number;
  status: ItemStatus;
}

/**
 * Whether a crash now would leave a line as it is: all of it on disk (`yes`), none or only
 * its start (`no`, `partly`), or the disk holding other bytes where it is (`differs`: the
 * pages a failed fsync dropped, written as NULs by a later one, or bytes since rewritten).
 */
export type LineDurability = 'yes' | 'no' | 'partly' | 'differs';

export interface ReportLine {
  /** 1-based, as the reader counts. */
  n: number;
  text: string;
  /** Bytes from the start of the file to the start and end (newline included) of the line. */
  from: number;
  to: number;
  /** Absent when the run kept no durable image (a writer over the real disk). */
  durable?: LineDurability;
}

export interface ReportFile {
  path: string;
  size: number;
  /** The content hash of the bytes listed: the trace's file entry for the path must name the same. */
  visibleHash: string;
  /** What the disk holds: its length and content hash, which the trace's file entry must name too. */
  durable?: { bytes: number; hash: string };
  /** The lines, at most FILE_LINES_SHOWN of them (the last ones); `skippedLines` before them. */
  lines: ReportLine[];
  skippedLines: number;
  /** The unterminated last line, if the file does not end in a newline. */
  tornLine?: number;
  /** Lines over pages a failed fsync dropped before a crash. */
  holeLines: number[];
  /** What the writer's reader said: the lines it reported (torn or invalid), or why it read nothing. */
  reader: { present: true; reportedLines: number[]; items: number } | { present: false; reason: string };
}

export interface ReportAck {
  actor: string;
  op: string;
  startStep: number;
  settledStep: number;
  /** The durable items it promised: the first ACK_IDS_SHOWN ids, and how many in all. */
  promised: string[];
  promisedCount: number;
}

export interface RunFacts {
  origin: ReportOrigin;
  writerName: string;
  result: string;
  violations: ReportViolation[];
  file?: ReportFile;
  items: ReportItem[];
  /** Items beyond ITEMS_SHOWN, counted by status, not listed. */
  itemsNotShown: number;
  itemCounts: Record<ItemStatus, number>;
  acks: ReportAck[];
}

/** Lines of the final file the page lists: a long run's file is shown by its end, where a torn tail is. */
export const FILE_LINES_SHOWN = 4_000;
/** Items listed one by one; past this they are counted only. Missing and duplicated ones come first. */
export const ITEMS_SHOWN = 5_000;
/** Ids an acknowledgement's row names before it says how many more. */
export const ACK_IDS_SHOWN = 200;

const STATEMENTS = new Map<string, string>([...ALL_INVARIANTS, determinism].map((i) => [i.name, i.statement]));
STATEMENTS.set('run-timeout', 'Every run finishes within the wall-clock limit (--run-timeout).');

export function runFactsOf(run: RunResult, origin: ReportOrigin, violations: readonly Violation[]): RunFacts {
  const { items, itemsNotShown, itemCounts } = itemsOf(run);
  return {
    origin,
    writerName: run.writer,
    result: resultOf(violations),
    violations: violations.map((v) => ({
      invariant: v.invariant,
      statement: STATEMENTS.get(v.invariant) ?? v.invariant,
      message: v.message,
      ...(v.at ? { step: v.at.step, actor: v.at.actor } : {}),
    })),
    ...(run.file && run.path ? { file: fileOf(run) } : {}),
    items,
    itemsNotShown,
    itemCounts,
    acks: [...promisedByAck(run, ACK_IDS_SHOWN)].map(([call, promised]) => ackOf(call, promised)),
  };
}

function resultOf(violations: readonly Violation[]): string {
  if (violations.length === 0) return 'every invariant held';
  return `FAILED ${[...new Set(violations.map((v) => v.invariant))].join(', ')}`;
}

function ackOf(call: CallRecord, promised: Promised): ReportAck {
  return { actor: call.actor, op: call.op, startStep: call.startStep, settledStep: call.settledStep ?? call.startStep, promised: promised.first, promisedCount: promised.count };
}

function itemsOf(run: RunResult): Pick<RunFacts, 'items' | 'itemsNotShown' | 'itemCounts'> {
  const found = new Map<string, number>();
  if (run.readBack.present) for (const id of run.readBack.itemIds) found.set(id, (found.get(id) ?? 0) + 1);
  const required = requiredItems(run);
  // replay-equals-history owes accepted items too when every shutdown failed unexplained.
  const unexplained = unexplainedShutdownFailures(run);
  const owed = unexplained.length ? `every shutdown failed (${unexplained.map((c) => c.actor).join(', ')}) with no file-system error to explain it` : undefined;
  const all: ReportItem[] = [];
  for (const call of run.calls.filter(isItemCall)) {
    const outcome = call.outcome ? describeOutcome(call.outcome) : 'unanswered';
    for (const { id, durable } of call.items) {
      if (!durable) continue;
      const n = found.get(id) ?? 0;
      const because = required.get(id) ?? (owed && call.outcome?.status === 'queued' ? owed : undefined);
      const status: ItemStatus = n > 1 ? 'duplicated' : n === 1 ? 'present' : because ? 'missing' : 'absent';
      all.push({ id, actor: call.actor, op: call.op, outcome, ...(because ? { requiredBecause: because } : {}), found: n, status });
    }
  }
  const itemCounts: Record<ItemStatus, number> = { present: 0, missing: 0, duplicated: 0, absent: 0 };
  for (const item of all) itemCounts[item.status]++;
  // The ones that explain a failure first, each group in the order the items were handed over.
  const rank = (i: ReportItem) => (i.status === 'missing' || i.status === 'duplicated' ? 0 : 1);
  const ordered = [...all.filter((i) => rank(i) === 0), ...all.filter((i) => rank(i) === 1)];
  return { items: ordered.slice(0, ITEMS_SHOWN), itemsNotShown: Math.max(0, ordered.length - ITEMS_SHOWN), itemCounts };
}

function fileOf(run: RunResult): ReportFile {
  const facts = run.file!;
  const all: ReportLine[] = [];
  // Split on the bytes, not on decoded text: offsets are byte offsets, and a torn multibyte
  // character cannot shift the lines after it.
  for (let from = 0, n = 1; from < facts.bytes.length; n++) {
    const newline = facts.bytes.indexOf(NEWLINE, from);
    const to = newline < 0 ? facts.bytes.length : newline + 1;
    const text = facts.bytes.subarray(from, newline < 0 ? to : newline).toString('utf8');
    all.push({ n, text, from, to, ...(facts.durable ? { durable: durabilityOf(facts.bytes, facts.durable, from, to) } : {}) });
    from = to;
  }
  const skippedLines = Math.max(0, all.length - FILE_LINES_SHOWN);
  return {
    path: run.path!,
    size: facts.size,
    visibleHash: contentHash(facts.bytes),
    ...(facts.durable ? { durable: { bytes: facts.durable.length, hash: contentHash(facts.durable) } } : {}),
    lines: all.slice(skippedLines),
    skippedLines,
    ...(facts.tornTail ? { tornLine: facts.tornTail.line } : {}),
    holeLines: facts.holeLines,
    reader: run.readBack.present
      ? { present: true, reportedLines: run.readBack.reportedLines, items: run.readBack.itemIds.length }
      : { present: false, reason: run.readBack.reason },
  };
}

const NEWLINE = 0x0a;

function durabilityOf(visible: Buffer, disk: Buffer, from: number, to: number): LineDurability {
  if (from >= disk.length) return 'no';
  const end = Math.min(to, disk.length);
  if (!visible.subarray(from, end).equals(disk.subarray(from, end))) return 'differs';
  return end === to ? 'yes' : 'partly';
}
