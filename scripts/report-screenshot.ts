// Makes the README's picture of the HTML report (docs/report.png): the report of a real
// failure -- log4js 6.4.0's second shutdown() calling back before the records are written,
// found and shrunk by `run` -- opened in Debian's chromium at its failing step, cropped to
// the header, the timeline and that step's details. Other run arguments after `--`.
//   npx ts-node --transpile-only scripts/report-screenshot.ts [OUT.png] [-- run args...]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { main } from '../src/cli/main';
import { CHROMIUM } from '../src/report/fixtures/chromium';

const RUN = ['run', '--target', 'log4js@6.4.0', '--profile', 'logger', '--runs', '2000', '--seed', '1', '--no-corpus'];

async function screenshot(out: string, runArgs: readonly string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rollout-sim-screenshot-'));
  const html = join(dir, 'report.html');
  try {
    const printed: string[] = [];
    // The target logs its own errors (log4js's "write after end") to the console: not the picture's business.
    const consoleError = console.error;
    console.error = () => undefined;
    const code = await main(['node', 'rollout-sim', ...runArgs, '--html', html], (line) => printed.push(line)).finally(() => (console.error = consoleError));
    if (!printed.some((l) => l.startsWith('html report: '))) throw new Error(`\`rollout-sim ${runArgs.join(' ')}\` wrote no report (exit ${code}):\n${printed.join('\n')}`);
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    try {
      const page = await browser.newPage({ viewport: { width: 1300, height: 1000 }, deviceScaleFactor: 1 });
      await page.goto(pathToFileURL(html).href);
      await page.locator('body[data-rendered="true"]').waitFor();
      // The widest columns: a short shrunk run then reads without squinting.
      await page.locator('#zoom').fill('48');
      await page.locator('#go-failing').click();
      const details = await page.locator('#details').boundingBox();
      if (!details) throw new Error('the report shows no details after "go to the failing step"');
      await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: 1300, height: Math.ceil(details.y + details.height) } });
    } finally {
      await browser.close();
    }
    console.log(`${out}: rollout-sim ${runArgs.join(' ')} --html FILE, at the failing step`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const dash = args.indexOf('--');
const out = resolve(dash === 0 ? 'docs/report.png' : (args[0] ?? 'docs/report.png'));
screenshot(out, dash >= 0 ? args.slice(dash + 1) : RUN).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
