// A long run's report stays usable in a real browser: a run of about 1,900 steps (every
// one of them busy, so nothing folds) is drawn with one cell per lane per column, the step
// box brings a far step into view with its details, and the width slider narrows every
// column. A lane where many bars overlap grows to fit them, and past its limit counts
// the rest and names them all. Chromium as in html-report.browser.test.ts; without it this fails in CI and is
// skipped elsewhere, loudly.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writerForVariant } from '../adapters/variants';
import { checkAll } from '../invariants/index';
import { singleHandleScenario } from '../sim/scenario';
import { simulate } from '../sim/simulation';
import type { HandleOp } from '../sim/workload';
import { chromiumForSuite, chromiumGate } from './fixtures/chromium';
import { htmlReport } from './html-report';
import type { RunFacts } from './run-facts';
import { runReportHtml } from './run-report';
import { hashOfLines, TRACE_FORMAT, type TraceEntry } from '../sim/trace';

const gate = chromiumGate();
const inBrowser = gate.kind === 'skip' ? describe.skip : describe;

/** Appends, a flush every fifth, and power lost at CRASH_STEP: one busy step after another. */
const APPENDS = 850;
const CRASH_STEP = 1_900;

inBrowser('long and crowded reports in chromium', () => {
  const suite = chromiumForSuite(gate, 'rollout-sim-long-');

  test('draws a cell per lane per column, goes to a far step with its details, and narrows its columns', async () => {
    const ops: HandleOp[] = [];
    for (let i = 0; i < APPENDS; i++) ops.push({ kind: 'append', durable: 2, transient: 1 }, ...(i % 5 === 4 ? [{ kind: 'flush' } as const] : []));
    const run = await simulate(writerForVariant('reference'), singleHandleScenario(ops, [{ kind: 'crash', step: CRASH_STEP, keep: 300 }], 42));
    expect(run.steps).toBe(CRASH_STEP);
    const file = join(suite.dir(), 'long.html');
    writeFileSync(file, runReportHtml(run, { writer: '--variant reference', profile: 'default', strategy: 'mixed', replayCommand: 'rollout-sim trace (a hand-built scenario)' }, checkAll(run)));

    const page = await suite.browser().newPage({ viewport: { width: 1300, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    await page.locator('body[data-rendered="true"]').waitFor();

    const steps = CRASH_STEP + 1;
    const [, columns] = /^(\d+) columns for (\d+) steps$/.exec((await page.locator('#slot-count').textContent()) ?? '')!.map(Number);
    expect((await page.locator('#slot-count').textContent())?.endsWith(`for ${steps} steps`)).toBe(true);
    // h1 alone calls before the power goes: its lane, the writer's, the file system's and the clock's.
    const lanes = await page.locator('#lanes .lane-label').count();
    expect(await page.locator('#lanes .lane-label').allTextContents()).toEqual(['h1', 'writer (background)', 'file system', 'clock']);
    // A cell per lane per column, a head per column, a label per lane: nothing grows with the entries.
    expect(await page.locator('#lanes .cell').count()).toBe((lanes + 1) * (columns + 1));
    expect(await page.locator('#lanes .head.cut').getAttribute('data-step')).toBe(String(CRASH_STEP));

    const far = 1_850;
    await page.locator('#goto-step').fill(String(far));
    await page.locator('#goto-go').click();
    const head = page.locator(`#lanes .head[data-step="${far}"]`);
    expect(await head.getAttribute('class')).toContain('selected');
    const [box, view] = await Promise.all([head.boundingBox(), page.locator('#lanes-scroll').boundingBox()]);
    expect(box!.x).toBeGreaterThanOrEqual(view!.x);
    expect(box!.x + box!.width).toBeLessThanOrEqual(view!.x + view!.width);
    expect(await page.locator('#details-body').innerText()).toMatch(new RegExp(`^step ${far} at t\\+${far}ms\\nscheduler choice: event \\S+ — index \\d+ of \\d+ enabled`));

    const wide = (await head.boundingBox())!.width;
    await page.locator('#zoom').fill('8');
    expect(wide).toBeGreaterThan(20);
    expect((await head.boundingBox())!.width).toBeCloseTo(8, 0);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a lane grows a row for each bar that overlaps the others, up to eight; past them it counts the rest and names them all', async () => {
    // Twelve file operations submitted at step 0, completing one a step: twelve bars overlap at step 1.
    const entries: TraceEntry[] = [{ step: 0, t: 0, kind: 'choice', picked: 'start:h1#0', index: 0, of: 1 }, { step: 0, t: 0, kind: 'call', actor: 'h1', op: 'flush' }];
    for (let io = 0; io < 12; io++) {
      entries.push({ step: io + 1, t: io + 1, kind: 'choice', picked: `io:${io}`, index: 0, of: 12 - io });
      entries.push({ step: io + 1, t: io + 1, kind: 'fs', source: 'writer', op: 'write', path: `/f${io}`, result: '1/1 bytes', io, from: 0 });
    }
    entries.push({ step: 12, t: 12, kind: 'settled', actor: 'h1', op: 'flush', outcome: 'ok' }, { step: 12, t: 12, kind: 'end', result: 'completed' });
    const lines = entries.map((e) => JSON.stringify(e));
    const facts: RunFacts = {
      origin: { writer: '--variant x', profile: 'default', strategy: 'mixed', replayCommand: 'a hand-written trace' },
      writerName: 'x',
      result: 'every invariant held',
      violations: [],
      items: [],
      itemsNotShown: 0,
      itemCounts: { present: 0, missing: 0, duplicated: 0, absent: 0 },
      acks: [],
    };
    const file = join(suite.dir(), 'stacked.html');
    writeFileSync(file, htmlReport([JSON.stringify(TRACE_FORMAT), ...lines].join('\n'), facts, hashOfLines(lines)));
    const page = await suite.browser().newPage({ viewport: { width: 1300, height: 900 } });
    await page.goto(pathToFileURL(file).href);
    await page.locator('body[data-rendered="true"]').waitFor();

    // Steps 1 to 11 are quiet: folded until opened.
    await page.locator('#open-all').click();
    const fsLane = await page.locator('#lanes .lane-label').allTextContents().then((labels) => labels.indexOf('file system'));
    const cell = page.locator(`#lanes .cell[data-lane="${fsLane}"][data-step="1"]`);
    const rows = await cell.locator('.seg').evaluateAll((segs) => segs.map((s) => Number(/\bd(\d+)\b/.exec(s.className)![1])));
    expect(rows).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await cell.locator('.overflow').textContent()).toBe('+4');
    const title = (await cell.getAttribute('title')) ?? '';
    for (let io = 0; io < 12; io++) expect(title).toContain(`write /f${io} by writer (io:${io}, submitted at step 0)`);
    // Tall enough for its eight rows, and the label beside it as tall.
    const [height, labelHeight] = await Promise.all([cell.boundingBox(), page.locator('#lanes .lane-label').nth(fsLane).boundingBox()]);
    expect(height!.height).toBeGreaterThanOrEqual(8 * 8 + 18);
    expect(labelHeight!.height).toBe(height!.height);
    await page.close();
  });
});
