// The HTML report checked in a real browser: Debian's chromium, driven by playwright-core,
// opens reports the command line writes for real runs (a legacy failure, a crash run's
// failure, a crash trace with a folded quiet stretch) from disk, and a user's clicks are
// checked against what the same command printed. Without the browser the suite says so
// loudly: it fails in CI and is skipped (never passed) on a developer's machine.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { main } from '../cli/main';
import { browserGate, chromiumForSuite, chromiumGate, probeChromium } from './fixtures/chromium';

describe('browserGate: a missing browser is never a silent pass', () => {
  const missing = { path: '/usr/bin/chromium', problem: 'not installed' };
  test('with the browser the tests run, in CI or not', () => {
    expect(browserGate({ CI: 'true' }, { path: '/usr/bin/chromium' })).toEqual({ kind: 'run' });
    expect(browserGate({}, { path: '/usr/bin/chromium' })).toEqual({ kind: 'run' });
  });
  test('without it they fail in CI, naming how to install it', () => {
    for (const CI of ['true', '1', 'yes']) {
      const gate = browserGate({ CI }, missing);
      expect(gate.kind).toBe('fail');
      expect(gate.kind !== 'run' && gate.reason).toMatch(/not installed.*apt-get install chromium/);
    }
  });
  test('without it and outside CI they are skipped with the reason', () => {
    for (const env of [{}, { CI: '' }, { CI: 'false' }, { CI: '0' }]) {
      const gate = browserGate(env, missing);
      expect(gate.kind).toBe('skip');
      expect(gate.kind !== 'run' && gate.reason).toMatch(/apt-get install chromium.*SKIPPED/);
    }
  });
  test('the probe finds a missing executable', () => {
    expect(probeChromium('/nonexistent/chromium').problem).toBe('not installed');
  });
});

const gate = chromiumGate();
const inBrowser = gate.kind === 'skip' ? describe.skip : describe;

interface Cli {
  code: number;
  lines: string[];
}

async function cli(...args: string[]): Promise<Cli> {
  const printed: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const code = await main(['node', 'rollout-sim', ...args], (text) => printed.push(text));
    return { code, lines: printed.flatMap((text) => text.split('\n')) };
  } finally {
    spy.mockRestore();
  }
}

/** The trace lines the command printed ("#  3 t+    3ms   h1 flush -> ok"), as step and text. */
function printedTrace(lines: readonly string[]): Array<{ step: number; text: string }> {
  return lines.flatMap((l) => {
    const m = /^\s*#\s*(\d+) t\+\s*\d+ms\s+(.*)$/.exec(l);
    return m ? [{ step: Number(m[1]), text: m[2] }] : [];
  });
}

/** The command after `replay: ` in what `run` or `replay` printed. */
function printedReplay(lines: readonly string[]): string {
  const found = lines.map((l) => /^\s*replay: (.+)$/.exec(l)).filter((m) => m !== null);
  expect(found).toHaveLength(1);
  return found[0]![1];
}

/** Actors in the order they first call, as the printed trace shows them. */
function printedActors(trace: ReadonlyArray<{ text: string }>): string[] {
  return [...new Set(trace.flatMap(({ text }) => /^(\S+) calls /.exec(text)?.[1] ?? []))];
}

async function attrs(cells: Locator, name: string): Promise<Array<string | null>> {
  return Promise.all((await cells.all()).map((c) => c.getAttribute(name)));
}

interface Opened {
  page: Page;
  context: BrowserContext;
  url: string;
  requests: string[];
  errors: string[];
}

inBrowser('the HTML report in chromium', () => {
  const suite = chromiumForSuite(gate, 'rollout-sim-report-');

  async function open(file: string): Promise<Opened> {
    const context = await suite.browser().newContext({ permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1300, height: 900 } });
    const url = pathToFileURL(file).href;
    const opened: Opened = { page: await context.newPage(), context, url, requests: [], errors: [] };
    context.on('request', (r) => opened.requests.push(r.url()));
    opened.page.on('console', (m) => m.type() === 'error' && opened.errors.push(`console: ${m.text()}`));
    opened.page.on('pageerror', (e) => opened.errors.push(`page error: ${e.message}`));
    await opened.page.goto(url);
    await opened.page.locator('body[data-rendered="true"]').waitFor();
    return opened;
  }

  /** The page fetched nothing but itself and logged no error. */
  async function expectQuiet(o: Opened): Promise<void> {
    await o.context.close();
    expect(o.requests).toEqual([o.url]);
    expect(o.errors).toEqual([]);
  }

  /** One `.lane-label` per actor, in the order they first call, then the writer, the file system and the clock. */
  async function expectLanes(page: Page, actors: readonly string[]): Promise<Array<string | null>> {
    const labels = page.locator('#lanes .lane-label');
    const expected = [...actors.map((a) => [a, 'actor']), ['writer (background)', 'writer'], ['file system', 'fs'], ['clock', 'clock']];
    expect(actors.length).toBeGreaterThan(0);
    expect(await labels.allTextContents()).toEqual(expected.map(([label]) => label));
    expect(await attrs(labels, 'data-lane-kind')).toEqual(expected.map(([, kind]) => kind));
    return labels.allTextContents();
  }

  /**
   * The failing step: the first violation's "broke at step N", or the run's last step when
   * every violation was judged at the end; its column is marked in the header and in every lane.
   */
  async function expectFailingStep(page: Page, lanes: number, lastStep: number): Promise<number> {
    const where = await page.locator('.violation .where').allTextContents();
    expect(where.length).toBeGreaterThan(0);
    const first = where.map((w) => /^broke at step (\d+)/.exec(w)).find((m) => m !== null);
    const step = first ? Number(first[1]) : lastStep;
    expect(await attrs(page.locator('#lanes .head.failing'), 'data-step')).toEqual([String(step)]);
    expect(await attrs(page.locator('#lanes .cell.failing:not(.head)'), 'data-step')).toEqual(Array(lanes).fill(String(step)));
    expect(await page.locator('#go-failing').textContent()).toBe(`go to the failing step (${step})`);
    return step;
  }

  /** A call's or file operation's bar keeps one row from its start to its end: one that changed rows would read as two bars. */
  async function expectBarsKeepTheirRow(page: Page): Promise<void> {
    const segs = page.locator('#lanes .seg');
    const [spans, classes] = await Promise.all([attrs(segs, 'data-span'), attrs(segs, 'class')]);
    const rows = new Map<string, Set<string>>();
    spans.forEach((span, i) => rows.set(span!, (rows.get(span!) ?? new Set()).add(/\bd\d\b/.exec(classes[i]!)![0])));
    expect(spans.length).toBeGreaterThan(0);
    expect([...rows].filter(([, r]) => r.size > 1).map(([span, r]) => `span ${span} in rows ${[...r].join(', ')}`)).toEqual([]);
  }

  async function details(page: Page): Promise<{ text: string; entries: Array<Record<string, unknown>> }> {
    expect(await page.locator('#details').isVisible()).toBe(true);
    const text = await page.locator('#details-body').innerText();
    const pre = await page.locator('#details-body pre.entries').textContent();
    return { text, entries: (pre ?? '').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
  }

  /** Clicking a step's header shows the scheduler's choice as printed ("pick 0/1: start:h1#0") and the choice's trace entry. */
  async function expectChoiceDetails(page: Page, trace: ReadonlyArray<{ step: number; text: string }>): Promise<void> {
    const picks = trace.flatMap(({ step, text }) => {
      const m = /^pick (\d+)\/(\d+): (\S+)$/.exec(text);
      return m ? [{ step, index: Number(m[1]), of: Number(m[2]), picked: m[3] }] : [];
    });
    const pick = picks.at(-1)!;
    expect(pick).toBeDefined();
    await page.locator(`#lanes .head[data-step="${pick.step}"]`).click();
    const shown = await details(page);
    expect(shown.text).toContain(`step ${pick.step} at t+`);
    expect(shown.text).toContain(`scheduler choice: event ${pick.picked} — index ${pick.index} of ${pick.of} enabled`);
    expect(shown.entries).toContainEqual(expect.objectContaining({ step: pick.step, kind: 'choice', picked: pick.picked, index: pick.index, of: pick.of }));
    expect(shown.entries.every((e) => e.step === pick.step)).toBe(true);
  }

  /** The copy button puts the command on the clipboard and selects it, and says so. */
  async function expectCopy(page: Page, command: string): Promise<void> {
    await page.locator('#copy-replay').click();
    await page.locator('#copy-state', { hasText: /./ }).waitFor();
    expect(await page.locator('#copy-state').textContent()).toBe('copied');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(command);
    expect(await page.evaluate('String(window.getSelection())')).toBe(command);
  }

  test('a legacy failure: its lanes, its failing step, a step\'s details, the printed replay command, copied; nothing fetched', async () => {
    const file = join(suite.dir(), 'legacy.html');
    const run = await cli('run', '--variant', 'legacy', '--runs', '200', '--seed', '1', '--no-corpus', '--html', file);
    expect(run.code).toBe(1);
    expect(run.lines).toContain(`html report: ${file}`);
    const trace = printedTrace(run.lines);
    const replay = printedReplay(run.lines);
    const o = await open(file);
    const { page } = o;

    const lanes = await expectLanes(page, printedActors(trace));
    await expectBarsKeepTheirRow(page);
    const step = await expectFailingStep(page, lanes.length, Math.max(...trace.map((t) => t.step)));
    // The violation names the caller whose answer broke it: the CLI printed that answer at that step.
    const [, actor] = /^broke at step \d+ \((\S+)\)$/.exec((await page.locator('.violation .where').first().textContent()) ?? '') ?? [];
    expect(trace).toContainEqual({ step, text: expect.stringMatching(new RegExp(`^${actor} \\S+ -> threw`)) });
    const lane = lanes.indexOf(actor);
    const culprit = page.locator('#lanes .cell.culprit');
    expect([await attrs(culprit, 'data-lane'), await attrs(culprit, 'data-step')]).toEqual([[String(lane)], [String(step)]]);

    expect(await page.locator('#details').isVisible()).toBe(false);
    await culprit.click();
    const shown = await details(page);
    expect(shown.text).toMatch(new RegExp(`^step ${step} at t\\+\\d+ms — lane ${actor}\n`));
    const message = /^\s*\[no-post-shutdown-throw\] (.*)$/.exec(run.lines.find((l) => l.includes('[no-post-shutdown-throw]')) ?? '')?.[1];
    expect(shown.text).toContain(`no-post-shutdown-throw broke here: ${message}`);
    expect(shown.entries).toContainEqual(expect.objectContaining({ step, kind: 'settled', actor, outcome: expect.stringMatching(/^threw: /) }));
    expect(await page.locator('#lanes .cell.culprit.selected').count()).toBe(1);
    await expectChoiceDetails(page, trace);

    await page.locator('#go-failing').click();
    expect((await details(page)).text).toMatch(new RegExp(`^step ${step} at t\\+`));
    // The whole step's details name what broke there too.
    expect((await details(page)).text).toContain(`no-post-shutdown-throw broke here: ${message}`);
    expect(await attrs(page.locator('#lanes .selected'), 'data-step')).toEqual([String(step)]);

    expect(await page.locator('#replay-command').textContent()).toBe(replay);
    await expectCopy(page, replay);
    await expectQuiet(o);
  });

  test('a crash run\'s failure: the cut across every lane at the crash, the failing step, the printed replay command; nothing fetched', async () => {
    const file = join(suite.dir(), 'crash-run.html');
    const run = await cli('run', '--variant', 'flag-only', '--profile', 'crash', '--runs', '200', '--seed', '1', '--no-corpus', '--html', file);
    expect(run.code).toBe(1);
    const trace = printedTrace(run.lines);
    const crash = trace.find((t) => /^FAULT crash(-after-ack)?: /.test(t.text));
    if (!crash) throw new Error(`the shrunk failure of \`run --variant flag-only --profile crash --seed 1\` no longer crashes: pick a run whose report has a crash cut\n${run.lines.join('\n')}`);
    const o = await open(file);
    const { page } = o;

    const lanes = await expectLanes(page, printedActors(trace));
    await expectBarsKeepTheirRow(page);
    expect(await page.locator('#crash-cut').innerText()).toContain(`crash at step ${crash.step}: ${crash.text.replace(/^FAULT \S+ /, '')}`);
    expect(await attrs(page.locator('#lanes .head.cut'), 'data-step')).toEqual([String(crash.step)]);
    expect(await attrs(page.locator('#lanes .cell.cut:not(.head)'), 'data-lane')).toEqual(lanes.map((_, i) => String(i)));
    await expectFailingStep(page, lanes.length, Math.max(...trace.map((t) => t.step)));

    await page.locator(`#lanes .head[data-step="${crash.step}"]`).click();
    expect((await details(page)).entries).toContainEqual(expect.objectContaining({ step: crash.step, kind: 'fault', fault: crash.text.split(/[ :]/)[1] }));
    await expectChoiceDetails(page, trace);

    expect(await page.locator('#replay-command').textContent()).toBe(printedReplay(run.lines));
    await expectQuiet(o);
  });

  test('a crash trace: the bytes the cut kept per file, and a folded quiet stretch opens on a click; the trace command to print it again', async () => {
    const file = join(suite.dir(), 'crash-trace.html');
    const args = ['trace', '--variant', 'legacy', '--profile', 'crash', '--seed', '275'];
    const run = await cli(...args, '--html', file);
    expect(run.code).toBe(0);
    const trace = printedTrace(run.lines);
    const cuts = trace.flatMap(({ text }) => {
      const m = /^crash cut (\S+): (\d+) bytes durable, kept (\d+) unsynced, lost (\d+)$/.exec(text);
      return m ? [`${m[1]}: ${m[2]} bytes durable; of the unsynced bytes, ${m[3]} kept and ${m[4]} lost`] : [];
    });
    const steps = Math.max(...trace.map((t) => t.step)) + 1;
    const o = await open(file);
    const { page } = o;

    if (cuts.length === 0 || (await page.locator('#lanes .head.stretch').count()) === 0) {
      throw new Error(`\`${args.join(' ')}\` no longer draws a crash cut and a quiet stretch: pick another seed for this test\n${run.lines.join('\n')}`);
    }
    expect(await page.locator('#crash-cut li').allTextContents()).toEqual(cuts);
    const lanes = await expectLanes(page, printedActors(trace));
    await expectFailingStep(page, lanes.length, steps - 1);
    await page.locator('#open-all').click();
    await expectBarsKeepTheirRow(page);
    await page.locator('#fold-all').click();

    const folded = (await attrs(page.locator('#lanes .head[data-step]'), 'data-step')).length;
    expect(folded).toBeLessThan(steps);
    expect(await page.locator('#slot-count').textContent()).toBe(`${folded + (await page.locator('#lanes .head.stretch').count())} columns for ${steps} steps`);
    await page.locator('#lanes .cell.stretch:not(.head)').first().click();
    expect(await page.locator('#lanes .stretch').count()).toBe(0);
    expect(await attrs(page.locator('#lanes .head[data-step]'), 'data-step')).toEqual(Array.from({ length: steps }, (_, s) => String(s)));
    expect(await page.locator('#slot-count').textContent()).toBe(`${steps} columns for ${steps} steps`);
    await page.locator('#fold-all').click();
    expect((await attrs(page.locator('#lanes .head[data-step]'), 'data-step')).length).toBe(folded);

    expect(await page.locator('#replay-command').textContent()).toBe(`rollout-sim ${args.join(' ')}`);
    await expectQuiet(o);
  });
});
