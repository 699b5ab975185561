// The trace as swimlanes: one lane per actor (in the order they first call), one for the
// writer's background work (and any other source that is not an actor), one for the file
// system and one for the clock; one column per scheduler step. Calls are spans from start
// to answer, file operations spans from submission to completion, parked callers spans
// from the park to the resume the scheduler picked; everything else is a mark in one cell.
// Stretches of quiet steps -- none of them calls, answers, faults, errors or the failing
// step -- are folded into one column the page can open, so a 2,000-step run stays legible.
import { IN_FLIGHT_AT_CRASH, IN_FLIGHT_AT_END } from '../sim/fs-trace';
import type { TraceEntry } from '../sim/trace';
import { promisesDurability, type PlannedCall } from '../sim/workload';

export type LaneKind = 'actor' | 'writer' | 'fs' | 'clock';
export interface Lane {
  id: string;
  label: string;
  kind: LaneKind;
}

export type MarkKind = 'queued' | 'ack' | 'closed' | 'failed' | 'answered' | 'unanswered' | 'fs' | 'fs-error' | 'submit' | 'fault' | 'park' | 'resume' | 'timer' | 'clock';
/** How a mark is drawn: the page's lanes and its legend both take the glyph from here. */
export const MARK_GLYPHS: Readonly<Record<MarkKind, string>> = {
  queued: '✓',
  ack: '◆',
  closed: '⊘',
  failed: '✗',
  answered: '●',
  unanswered: '…',
  fs: '■',
  'fs-error': '■',
  submit: '↘',
  fault: '⚡',
  park: '‖',
  resume: '▸',
  timer: '◔',
  clock: '»',
};

export interface Mark {
  lane: number;
  step: number;
  kind: MarkKind;
  /** One line, for a tooltip. */
  title: string;
  /** Indices of the trace entries it stands for. */
  entries: number[];
}

export type SpanKind = 'call' | 'fs' | 'parked';
export interface Span {
  lane: number;
  from: number;
  to: number;
  kind: SpanKind;
  /** Short text drawn at its start: the op. */
  label: string;
  title: string;
  entries: number[];
  /** Never ended: an unanswered call or a caller still parked when the run ended. */
  open?: boolean;
}

export interface StepInfo {
  step: number;
  t: number;
  /** The scheduler's choice that began the step: its event key, and its index among how many were enabled. */
  choice?: { picked: string; index: number; of: number; entry: number };
  /** Every trace entry that carries this step. */
  entries: number[];
}

export interface Stretch {
  from: number;
  to: number;
  summary: string;
}

export interface CrashCut {
  step: number;
  /** What the fault said, e.g. "crash before step 8 keeping 999‰ of unsynced bytes". */
  detail: string;
  files: Array<{ path: string; durableBytes: number; keptBytes: number; lostBytes: number; droppedBytes?: number }>;
  entries: number[];
}

export interface Swimlanes {
  lanes: Lane[];
  steps: StepInfo[];
  marks: Mark[];
  spans: Span[];
  stretches: Stretch[];
  cut?: CrashCut;
  end: { step: number; result: string; entries: number[] };
  /** The trace's file entries: each file's visible and durable bytes and their hashes. */
  files: Array<Extract<TraceEntry, { kind: 'file' }>>;
}

/** Quiet steps in a row before they fold into one column. */
export const MIN_STRETCH = 6;

const CRASH_FAULTS = new Set(['crash', 'crash-after-ack']);

interface OpenCall {
  span: Span;
  op: string;
  remaining: number;
}

/** Builds the lanes of `entries`; `loudSteps` (the failing ones) never fold. */
export function swimlanesOf(entries: readonly TraceEntry[], loudSteps: readonly number[] = []): Swimlanes {
  const actors = actorsOf(entries);
  const lanes: Lane[] = [
    ...actors.map((a): Lane => ({ id: a, label: a, kind: 'actor' })),
    { id: 'writer', label: 'writer (background)', kind: 'writer' },
    { id: 'fs', label: 'file system', kind: 'fs' },
    { id: 'clock', label: 'clock', kind: 'clock' },
  ];
  const laneOf = (source: string) => {
    const actor = actors.indexOf(source);
    return actor >= 0 ? actor : actors.length;
  };
  const FS = actors.length + 1;
  const CLOCK = actors.length + 2;
  const out: Swimlanes = { lanes, steps: [], marks: [], spans: [], stretches: [], end: { step: 0, result: '', entries: [] }, files: [] };
  const openCalls = new Map<string, OpenCall[]>();
  const parks: Array<Span | undefined> = [];
  const loud = new Set(loudSteps);

  entries.forEach((e, i) => {
    const step = stepInfo(out.steps, e);
    step.entries.push(i);
    switch (e.kind) {
      case 'choice':
        step.choice = { picked: e.picked, index: e.index, of: e.of, entry: i };
        if (e.picked === 'clock') out.marks.push({ lane: CLOCK, step: e.step, kind: 'clock', title: `the clock moves on from t+${e.t}ms to the next timer`, entries: [i] });
        if (e.picked.startsWith('resume:')) {
          const park = parks[Number(e.picked.slice('resume:'.length))];
          if (park) {
            park.to = e.step;
            park.entries.push(i);
            out.marks.push({ lane: park.lane, step: e.step, kind: 'resume', title: `resumes from ${park.label}`, entries: [i] });
          }
        }
        break;
      case 'call': {
        const what = e.burst ? `${e.burst.calls} × ${e.op} [${e.burst.first} .. ${e.burst.last}]` : `${e.op}${e.items ? ` [${e.items.join(', ')}]` : ''}`;
        const span: Span = { lane: laneOf(e.actor), from: e.step, to: e.step, kind: 'call', label: e.op, title: `${e.actor} calls ${what}`, entries: [i] };
        out.spans.push(span);
        const list = openCalls.get(e.actor) ?? [];
        list.push({ span, op: e.op, remaining: e.burst?.calls ?? 1 });
        openCalls.set(e.actor, list);
        loud.add(e.step);
        break;
      }
      case 'settled': {
        const open = openCalls.get(e.actor)?.find((c) => c.op === e.op && c.remaining > 0);
        if (open) {
          open.span.entries.push(i);
          open.span.to = e.step;
          if (--open.remaining === 0) open.span.title += ` -> ${e.outcome}`;
        }
        out.marks.push({ lane: laneOf(e.actor), step: e.step, kind: outcomeKind(e.op, e.outcome), title: `${e.actor} ${e.op}${e.items ? ` [${e.items.join(', ')}]` : ''} -> ${e.outcome}`, entries: [i] });
        loud.add(e.step);
        break;
      }
      case 'fs': {
        const failed = e.result.startsWith('error') || e.result === 'called after the run ended' || e.result === IN_FLIGHT_AT_CRASH || e.result === IN_FLIGHT_AT_END;
        const io = e.io === undefined ? '' : ` (io:${e.io}, submitted at step ${e.from})`;
        const title = `${e.op} ${e.path} by ${e.source}${io}: ${e.result}`;
        const from = e.from ?? e.step;
        if (from < e.step) out.spans.push({ lane: FS, from, to: e.step, kind: 'fs', label: e.op, title, entries: [i] });
        out.marks.push({ lane: FS, step: e.step, kind: failed ? 'fs-error' : 'fs', title, entries: [i] });
        out.marks.push({ lane: laneOf(e.source), step: from, kind: 'submit', title: `${e.source} submits ${e.op} ${e.path}${e.io === undefined ? '' : ` (io:${e.io})`}`, entries: [i] });
        if (failed) loud.add(e.step);
        break;
      }
      case 'fault':
        if (CRASH_FAULTS.has(e.fault)) {
          out.cut = { step: e.step, detail: e.detail, files: out.cut?.files ?? [], entries: [...(out.cut?.entries ?? []), i] };
        } else {
          out.marks.push({ lane: FS, step: e.step, kind: 'fault', title: `FAULT ${e.fault}: ${e.detail}`, entries: [i] });
        }
        loud.add(e.step);
        break;
      case 'cut': {
        const { path, durableBytes, keptBytes, lostBytes, droppedBytes } = e;
        out.cut ??= { step: e.step, detail: 'crash', files: [], entries: [] };
        out.cut.files.push({ path, durableBytes, keptBytes, lostBytes, ...(droppedBytes === undefined ? {} : { droppedBytes }) });
        out.cut.entries.push(i);
        loud.add(e.step);
        break;
      }
      case 'park': {
        const span: Span = { lane: laneOf(e.source), from: e.step, to: e.step, kind: 'parked', label: e.label, title: `${e.source} parked at ${e.label}`, entries: [i] };
        parks.push(span);
        out.spans.push(span);
        out.marks.push({ lane: span.lane, step: e.step, kind: 'park', title: span.title, entries: [i] });
        break;
      }
      case 'timer': {
        const title = e.action === 'set' ? `${e.source} sets timer ${e.timer} for ${e.ms}ms` : e.action === 'fire' ? `timer ${e.timer} (set by ${e.source}) fires` : `${e.source} clears timer ${e.timer}`;
        out.marks.push({ lane: CLOCK, step: e.step, kind: 'timer', title, entries: [i] });
        if (e.action === 'fire') loud.add(e.step);
        break;
      }
      case 'end':
        out.end = { step: e.step, result: e.result, entries: [...out.end.entries, i] };
        loud.add(e.step);
        break;
      case 'file':
        out.files.push(e);
        break;
    }
  });
  closeOpen(out, openCalls, parks);
  // A clock choice carries the time it was made at; the time it moved to is the next step's.
  for (const m of out.marks) {
    const next = out.steps[m.step + 1];
    if (m.kind === 'clock' && next) m.title = `the clock moves from t+${out.steps[m.step].t}ms to the next timer, at t+${next.t}ms`;
  }
  out.stretches = stretchesOf(out.steps, loud, entries);
  return out;
}

/** Actors in the order they first call or are answered. */
function actorsOf(entries: readonly TraceEntry[]): string[] {
  const seen = new Set<string>();
  for (const e of entries) if (e.kind === 'call' || e.kind === 'settled') seen.add(e.actor);
  return [...seen];
}

function stepInfo(steps: StepInfo[], e: TraceEntry): StepInfo {
  // Steps only grow along a trace; a gap (no entry at a step) takes the time before it.
  while (steps.length <= e.step) steps.push({ step: steps.length, t: steps.length ? steps[steps.length - 1].t : e.t, entries: [] });
  const info = steps[e.step];
  if (info.entries.length === 0) info.t = e.t;
  return info;
}

function outcomeKind(op: string, outcome: string): MarkKind {
  if (outcome === 'queued') return 'queued';
  if (outcome === 'closed') return 'closed';
  if (outcome.startsWith('failed') || outcome.startsWith('threw')) return 'failed';
  return outcome === 'ok' && promisesDurability({ op: op as PlannedCall['op'] }) ? 'ack' : 'answered';
}

/** Calls never answered and callers never resumed run to the end, drawn open. */
function closeOpen(out: Swimlanes, openCalls: Map<string, OpenCall[]>, parks: ReadonlyArray<Span | undefined>): void {
  const last = Math.max(0, out.steps.length - 1);
  for (const calls of openCalls.values()) {
    for (const call of calls) {
      if (call.remaining === 0) continue;
      call.span.to = last;
      call.span.open = true;
      const cutOff = out.cut ? ', cut off by the crash' : '';
      call.span.title += ` -- ${call.remaining === 1 ? 'never answered' : `${call.remaining} calls never answered`}${cutOff}`;
      out.marks.push({ lane: call.span.lane, step: last, kind: 'unanswered', title: call.span.title, entries: call.span.entries.slice(0, 1) });
    }
  }
  for (const park of parks) {
    // A resumed park holds the resume choice as its second entry.
    if (!park || park.entries.length > 1) continue;
    park.to = last;
    park.open = true;
    park.title += out.cut ? ' -- still parked at the crash' : ' -- never resumed';
  }
}

/** Runs of at least MIN_STRETCH quiet steps, each with what happened in it. */
function stretchesOf(steps: readonly StepInfo[], loud: ReadonlySet<number>, entries: readonly TraceEntry[]): Stretch[] {
  const out: Stretch[] = [];
  let from = -1;
  const close = (to: number) => {
    if (from >= 0 && to - from + 1 >= MIN_STRETCH) out.push({ from, to, summary: summarise(steps, from, to, entries) });
    from = -1;
  };
  for (const s of steps) {
    if (loud.has(s.step)) close(s.step - 1);
    else if (from < 0) from = s.step;
  }
  close(steps.length - 1);
  return out;
}

function summarise(steps: readonly StepInfo[], from: number, to: number, entries: readonly TraceEntry[]): string {
  const counts = new Map<string, number>();
  for (let s = from; s <= to; s++) {
    for (const i of steps[s].entries) {
      const e = entries[i];
      if (e.kind === 'choice') continue;
      const what = e.kind === 'fs' ? `fs ${e.op}` : e.kind === 'timer' ? `timer ${e.action}` : e.kind;
      counts.set(what, (counts.get(what) ?? 0) + 1);
    }
  }
  const parts = [...counts].map(([what, n]) => `${n} ${what}`);
  return `${to - from + 1} quiet steps (${from}–${to})${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
