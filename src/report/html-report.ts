// The HTML trace report: one self-contained file (inline style and script, a content
// security policy that forbids every fetch) that draws a run as swimlanes. It is built
// from the trace's JSON lines -- checked against the run's trace hash -- and the facts
// read off the finished run, and holds no clock reading or path of this machine, so the
// same run always gives the same bytes.
import type { RunResult } from '../sim/simulation';
import { TRACE_FORMAT } from '../sim/trace';
import { PAGE_SCRIPT } from './page-script';
import { PAGE_STYLE } from './page-style';
import type { LineDurability, ReportAck, ReportFile, ReportItem, RunFacts } from './run-facts';
import { MARK_GLYPHS, swimlanesOf, type MarkKind, type Swimlanes } from './swimlanes';
import { parseTraceLines } from './trace-lines';

export class ReportError extends Error {
  override name = 'ReportError';
}

/** What the page's data block opens with; a tool that reads the block checks it. */
export const REPORT_FORMAT = { format: 'rollout-sim-report', version: 1 } as const;

/** The data the page carries and its script draws from. */
export interface ReportData {
  report: typeof REPORT_FORMAT;
  traceHash: string;
  /** The failing step: the earliest step a violation broke at, or the run's end when every one was judged there. */
  failingStep?: number;
  violations: RunFacts['violations'];
  swimlanes: Swimlanes;
  /** The trace's entry lines, exactly as hashed; marks and spans point into them. */
  lines: readonly string[];
  /** What each acknowledgement promised, for its mark's details. */
  acks: RunFacts['acks'];
  glyphs: typeof MARK_GLYPHS;
}

/** The trace of `run` as `trace --format jsonl` prints it (format line included). */
export function traceJsonl(run: RunResult): string {
  return `${JSON.stringify(TRACE_FORMAT)}\n${run.trace.toJsonLines()}`;
}

/**
 * The report page for a run given as its JSON-lines trace and the facts read off it.
 * `traceHash` is the hash the run reported: the lines must hash to it.
 */
export function htmlReport(jsonl: string, facts: RunFacts, traceHash: string): string {
  const trace = parseTraceLines(jsonl, 'the trace');
  if (trace.hash !== traceHash) throw new ReportError(`the trace lines hash to ${trace.hash}, not to the run's trace hash ${traceHash}: the report would show another run`);
  const broke = facts.violations.flatMap((v) => (v.step === undefined ? [] : [v.step]));
  const swimlanes = swimlanesOf(trace.entries, broke);
  const failingStep = facts.violations.length ? (broke.length ? Math.min(...broke) : swimlanes.end.step) : undefined;
  const data: ReportData = { report: REPORT_FORMAT, traceHash, ...(failingStep === undefined ? {} : { failingStep }), violations: facts.violations, swimlanes, lines: trace.lines, acks: facts.acks, glyphs: MARK_GLYPHS };
  const fileEntry = facts.file && swimlanes.files.find((f) => f.path === facts.file!.path);
  if (facts.file && fileEntry?.visible !== facts.file.visibleHash) {
    throw new ReportError(`the file listed (${facts.file.path}, content hash ${facts.file.visibleHash}) is not the one the trace's file entry hashed (${fileEntry?.visible ?? 'no entry'})`);
  }
  if (facts.file?.durable && fileEntry?.durable !== facts.file.durable.hash) {
    throw new ReportError(`the disk image of ${facts.file.path} (content hash ${facts.file.durable.hash}) is not the one the trace's file entry hashed (${fileEntry?.durable})`);
  }
  const title = `${facts.result} — ${facts.writerName}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // Nothing may be fetched: the page is whole as it is, and opens from disk.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>rollout-sim: ${esc(title)}</title>`,
    `<style>${PAGE_STYLE}</style></head><body>`,
    header(facts, traceHash, failingStep),
    lanesSection(swimlanes),
    '<section id="details" hidden><div id="details-body"></div></section>',
    fileSection(facts.file, fileEntry),
    itemsSection(facts),
    acksSection(facts.acks),
    `<script type="application/json" id="report-data">${jsonForScript(data)}</script>`,
    `<script>${PAGE_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

function header(facts: RunFacts, traceHash: string, failingStep: number | undefined): string {
  const o = facts.origin;
  const rows: Array<[string, string]> = [
    ['writer', `${facts.writerName} (${o.writer})`],
    ...(o.seed === undefined ? [] : [['seed', String(o.seed)] as [string, string]]),
    ...(o.path === undefined ? [] : [['path', o.path] as [string, string]]),
    ['profile', o.profile],
    ['strategy', o.strategy],
    ['trace hash', traceHash],
  ];
  const violations = facts.violations
    .map(
      (v) =>
        `<div class="violation" data-invariant="${esc(v.invariant)}"><div class="statement">${esc(v.invariant)}: ${esc(v.statement)}</div>` +
        `<div class="message">${esc(v.message)}</div>` +
        `<div class="where">${v.step === undefined ? 'judged when the run had ended' : `broke at step ${v.step}${v.actor ? ` (${esc(v.actor)})` : ''}`}</div></div>`,
    )
    .join('');
  return [
    '<header>',
    `<h1 id="result" class="${facts.violations.length ? 'failed' : 'held'}">${esc(facts.result)}</h1>`,
    `<dl class="origin">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd class="mono" data-field="${esc(k)}">${esc(v)}</dd>`).join('')}</dl>`,
    violations,
    `<div class="replay"><span>replay:</span><code id="replay-command">${esc(o.replayCommand)}</code><button id="copy-replay" type="button">copy</button><span id="copy-state" class="note"></span></div>`,
    failingStep === undefined ? '' : `<button type="button" id="go-failing" data-goto="${failingStep}">go to the failing step (${failingStep})</button>`,
    '</header>',
  ].join('\n');
}

const LEGEND: ReadonlyArray<[MarkKind, string]> = [
  ['queued', 'accepted (queued)'],
  ['ack', 'acknowledged (flush or shutdown ok)'],
  ['closed', 'closed'],
  ['failed', 'failed or threw'],
  ['unanswered', 'never answered'],
  ['submit', 'submits a file operation'],
  ['fs', 'file operation completes'],
  ['fs-error', 'file operation fails'],
  ['fault', 'fault injected'],
  ['park', 'parks at a preemption point'],
  ['resume', 'resumed'],
  ['timer', 'timer set, fired or cleared'],
  ['clock', 'clock advanced'],
];

function lanesSection(s: Swimlanes): string {
  const cut = s.cut
    ? `<div class="cutbox" id="crash-cut"><strong>✂ crash at step ${s.cut.step}</strong>: ${esc(s.cut.detail)}<ul>${s.cut.files
        .map(
          (f) =>
            `<li class="mono">${esc(f.path)}: ${f.durableBytes} bytes durable; of the unsynced bytes, ${f.keptBytes} kept and ${f.lostBytes} lost${f.droppedBytes ? ` (${f.droppedBytes} dropped by a failed fsync)` : ''}</li>`,
        )
        .join('')}</ul></div>`
    : '';
  return [
    '<section id="timeline">',
    `<h2>Timeline <span class="note">(${s.steps.length} steps; the run ended at step ${s.end.step}: ${esc(s.end.result)})</span></h2>`,
    cut,
    '<div class="controls"><button type="button" id="open-all">open every quiet stretch</button><button type="button" id="fold-all">fold quiet stretches</button>',
    '<label>column width <input id="zoom" type="range" min="8" max="48" value="22"></label>',
    `<label>step <input id="goto-step" type="number" min="0" max="${Math.max(0, s.steps.length - 1)}" value="0" style="width:6em"></label><button type="button" id="goto-go">go</button>`,
    '<span id="slot-count" class="note"></span></div>',
    `<div class="legend">${LEGEND.map(([kind, what]) => `<span><span class="m-${kind}">${MARK_GLYPHS[kind]}</span> ${esc(what)}</span>`).join('')}` +
      '<span><i class="seg-call" style="display:inline-block;width:14px;height:6px"></i> call, start to answer</span>' +
      '<span><i class="seg-fs" style="display:inline-block;width:14px;height:6px"></i> file operation, submitted to completed</span>' +
      '<span><i class="seg-parked" style="display:inline-block;width:14px;height:6px"></i> parked</span></div>',
    '<p class="note">Click a cell for its details; a striped column is a stretch of quiet steps, click it to open it.</p>',
    '<div id="lanes-scroll"><div id="lanes"></div></div>',
    '</section>',
  ].join('\n');
}

function fileSection(file: ReportFile | undefined, entry: { visibleBytes: number; durableBytes: number; visible: string; durable: string } | undefined): string {
  if (!file) return '<section id="file"><h2>The file as it ended</h2><p>The writer left no file.</p></section>';
  const reported = new Set(file.reader.present ? file.reader.reportedLines : []);
  const holes = new Set(file.holeLines);
  const rows = file.lines.map((l) => {
    const flags: string[] = [];
    const classes: string[] = [];
    if (l.durable === 'yes') classes.push('durable');
    else if (l.durable !== undefined) {
      classes.push('volatile');
      flags.push(LINE_DURABILITY[l.durable]);
    }
    if (l.n === file.tornLine) (classes.push('torn'), flags.push('torn tail (no newline)'));
    if (holes.has(l.n)) (classes.push('hole'), flags.push('over dropped pages (NULs)'));
    if (reported.has(l.n)) (classes.push('reported'), flags.push('reported by the reader'));
    return `<tr class="${classes.join(' ')}" data-line="${l.n}"><td class="n">${l.n}</td><td class="mono">${l.from}–${l.to}</td><td class="flags">${esc(flags.join('; '))}</td><td class="text mono">${esc(l.text)}</td></tr>`;
  });
  const reader = file.reader.present
    ? `the reader found ${file.reader.items} item(s) and reported ${file.reader.reportedLines.length ? `line(s) ${file.reader.reportedLines.join(', ')}` : 'no line'}`
    : `the reader read nothing: ${esc(file.reader.reason)}`;
  const bytes = entry ? `${entry.visibleBytes} bytes visible (sha256 ${entry.visible}…), ${entry.durableBytes} durable (sha256 ${entry.durable}…)` : `${file.size} bytes`;
  return [
    '<section id="file">',
    '<h2>The file as it ended</h2>',
    `<p class="mono">${esc(file.path)}</p>`,
    `<p>${bytes}; ${reader}.${file.skippedLines ? ` The first ${file.skippedLines} line(s) are not shown.` : ''}</p>`,
    '<table id="file-lines"><thead><tr><th>line</th><th>bytes</th><th>state</th><th>text</th></tr></thead><tbody>',
    ...(rows.length ? rows : ['<tr><td colspan="4" class="note">(the file is empty)</td></tr>']),
    '</tbody></table>',
    '</section>',
  ].join('\n');
}

const LINE_DURABILITY: Readonly<Record<Exclude<LineDurability, 'yes'>, string>> = {
  no: 'not durable',
  partly: 'partly durable',
  differs: 'on disk it reads otherwise (pages a failed fsync dropped, or bytes since rewritten)',
};

function itemsSection(facts: RunFacts): string {
  const c = facts.itemCounts;
  const row = (i: ReportItem) =>
    `<tr data-item="${esc(i.id)}" data-status="${i.status}"><td class="mono">${esc(i.id)}</td><td>${esc(i.actor)} ${esc(i.op)} → ${esc(i.outcome)}</td>` +
    `<td>${i.requiredBecause ? `yes: ${esc(i.requiredBecause)}` : 'no'}</td><td>${i.found}</td><td class="st-${i.status}">${i.status}</td></tr>`;
  return [
    '<section id="items">',
    '<h2>Items</h2>',
    `<p>${c.present} present, <span class="st-missing">${c.missing} missing</span>, <span class="st-duplicated">${c.duplicated} duplicated</span>, ${c.absent} absent and not required.` +
      `${facts.itemsNotShown ? ` ${facts.itemsNotShown} more not listed.` : ''}</p>`,
    '<table id="item-table"><thead><tr><th>item</th><th>handed over by</th><th>required</th><th>found</th><th>status</th></tr></thead><tbody>',
    ...facts.items.map(row),
    '</tbody></table>',
    '</section>',
  ].join('\n');
}

function acksSection(acks: readonly ReportAck[]): string {
  if (acks.length === 0) return '<section id="acks"><h2>Acknowledgements</h2><p>No flush or shutdown resolved ok.</p></section>';
  const row = (a: ReportAck) => {
    const more = a.promisedCount > a.promised.length ? ` and ${a.promisedCount - a.promised.length} more` : '';
    return (
      `<tr><td>${esc(a.actor)} ${esc(a.op)}</td><td><button type="button" data-goto="${a.settledStep}">step ${a.settledStep}</button></td>` +
      `<td>${a.promisedCount}</td><td class="mono text">${esc(a.promised.join(', ') + more) || '(none)'}</td></tr>`
    );
  };
  return [
    '<section id="acks">',
    '<h2>Acknowledgements</h2>',
    '<p class="note">Each flush or shutdown that resolved ok, and the items it promised: every item accepted before it began (and, for a session shutdown, every item handed to the session before it).</p>',
    '<table><thead><tr><th>call</th><th>answered</th><th>items</th><th>promised</th></tr></thead><tbody>',
    ...acks.map(row),
    '</tbody></table>',
    '</section>',
  ].join('\n');
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON that cannot end its script element or break a line in a script. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
