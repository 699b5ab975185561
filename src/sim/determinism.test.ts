// Determinism: one seed, one trace, in any process; and the simulated code has no way to
// reach the sources of nondeterminism (randomness, wall time, real timers, real I/O).
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { writerForVariant } from '../adapters/variants';
import { scenarioForSeed } from './scenario-arbitrary';
import { simulate } from './simulation';
import { sweepSeedsFromEnv } from '../campaign/budget';

const REPO = resolve(__dirname, '..', '..');
const run = promisify(execFile);

describe('the same seed gives the same trace in any process', () => {
  /** ROLLOUT_SIM_SEEDS turns it up (a nightly run compares thousands). */
  const SEEDS = sweepSeedsFromEnv(300);

  /** `node bin/rollout-sim.js hashes ...` from the repository root, with the node running jest. */
  async function hashesInChildProcess(): Promise<string[]> {
    const { stdout } = await run(process.execPath, ['bin/rollout-sim.js', 'hashes', '--variant', 'reference', '--from', '0', '--count', String(SEEDS)], {
      cwd: REPO,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout.split('\n').filter((line) => line.length > 0);
  }

  let first: string[];
  let second: string[];

  beforeAll(async () => {
    [first, second] = await Promise.all([hashesInChildProcess(), hashesInChildProcess()]);
  });

  test(`two child processes print the same ${SEEDS} seed hashes, line by line`, () => {
    expect(first).toHaveLength(SEEDS);
    expect(second).toHaveLength(SEEDS);
    first.forEach((line, i) => {
      expect(line).toMatch(new RegExp(`^${i} [0-9a-f]{64}$`));
      expect(second[i]).toBe(line);
    });
    // A constant (or near-constant) hash would make the comparison above meaningless.
    expect(new Set(first.map((l) => l.split(' ')[1])).size).toBeGreaterThan(SEEDS * 0.9);
  });

  test('the child processes agree with an in-process run of the same seeds', async () => {
    const writer = writerForVariant('reference');
    for (let seed = 0; seed < SEEDS; seed += 10) {
      const { hash } = await simulate(writer, scenarioForSeed(seed));
      expect(`${seed} ${hash}`).toBe(first[seed]);
    }
  });
});

describe('the same scenario gives the same file bytes in any process', () => {
  const SEEDS = 100;

  /** Each seed's file-state entries (path, then size and hash of the visible and the durable image), one line per file. */
  const FILE_STATES = `
    require('ts-node').register({ transpileOnly: true, project: 'tsconfig.json', compilerOptions: { module: 'commonjs' } });
    const { writerForVariant } = require('./src/adapters/variants.ts');
    const { scenarioForSeed } = require('./src/sim/scenario-arbitrary.ts');
    const { simulate } = require('./src/sim/simulation.ts');
    (async () => {
      for (let seed = 0; seed < ${SEEDS}; seed++) {
        const { trace } = await simulate(writerForVariant('reference'), scenarioForSeed(seed));
        for (const e of trace.entries) if (e.kind === 'file') console.log([seed, e.path, e.visibleBytes, e.visible, e.durableBytes, e.durable].join(' '));
      }
    })();
  `;

  async function fileStatesInChildProcess(): Promise<string[]> {
    const { stdout } = await run(process.execPath, ['-e', FILE_STATES], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
    return stdout.split('\n').filter((line) => line.length > 0);
  }

  test(`two child processes and this one agree on the file bytes of ${SEEDS} seeds`, async () => {
    const [first, second] = await Promise.all([fileStatesInChildProcess(), fileStatesInChildProcess()]);
    const here: string[] = [];
    const writer = writerForVariant('reference');
    for (let seed = 0; seed < SEEDS; seed++) {
      const { trace } = await simulate(writer, scenarioForSeed(seed));
      for (const e of trace.entries) if (e.kind === 'file') here.push([seed, e.path, e.visibleBytes, e.visible, e.durableBytes, e.durable].join(' '));
    }
    expect(first.length).toBeGreaterThan(SEEDS / 2);
    expect(second).toEqual(first);
    expect(here).toEqual(first);
    // Real bytes, not a constant: the files differ from seed to seed.
    const fields = first.map((line) => line.split(' '));
    expect(new Set(fields.map((f) => f[3])).size).toBeGreaterThan(SEEDS / 2);
    expect(new Set(fields.map((f) => f[5])).size).toBeGreaterThan(SEEDS / 2);
  });
});

// ---------------------------------------------------------------------------------------
// The static scan.

const FS_MODULES = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises']);
const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate']);
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window']);

/** What a module imports: static imports and re-exports, `import x = require()`, `require()` and `import()` of literals. */
function moduleSpecifiers(source: string): string[] {
  const file = ts.createSourceFile('scanned.ts', source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    } else if (ts.isExternalModuleReference(node) && ts.isStringLiteral(node.expression)) {
      out.push(node.expression.text);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/**
 * The sources of nondeterminism a piece of simulated code uses, by name. Works on the
 * syntax tree, so comments and string literals that merely mention them do not count,
 * and `clock.setTimeout(...)` (a method of something the code was handed) is fine.
 */
function forbiddenUses(source: string): string[] {
  const file = ts.createSourceFile('scanned.ts', source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const isName = (node: ts.Node, name: string) => ts.isIdentifier(node) && node.text === name;
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node)) {
      const target = node.expression;
      const name = node.name.text;
      if (isName(target, 'Math') && name === 'random') found.push('Math.random');
      if (isName(target, 'Date') && name === 'now') found.push('Date.now(');
      if (isName(target, 'performance') && name === 'now') found.push('performance.now(');
      if (isName(target, 'process') && name === 'hrtime') found.push('process.hrtime(');
      if (ts.isIdentifier(target) && GLOBAL_OBJECTS.has(target.text) && TIMERS.has(name)) found.push(`${name}(`);
    }
    if (ts.isNewExpression(node) && isName(node.expression, 'Date') && (node.arguments?.length ?? 0) === 0) found.push('new Date()');
    if (ts.isIdentifier(node) && TIMERS.has(node.text)) {
      const parent = node.parent;
      const isMemberName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        ((ts.isPropertyAssignment(parent) ||
          ts.isMethodDeclaration(parent) ||
          ts.isMethodSignature(parent) ||
          ts.isPropertySignature(parent) ||
          ts.isPropertyDeclaration(parent)) &&
          parent.name === node);
      if (!isMemberName) found.push(`${node.text}(`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  for (const spec of moduleSpecifiers(source)) if (FS_MODULES.has(spec)) found.push(`import ${spec}`);
  return found;
}

/** Relative imports of `source` (a file at `path`) that land in directory `dir`. */
function importsInto(path: string, source: string, dir: string): string[] {
  return moduleSpecifiers(source).filter((spec) => {
    if (!spec.startsWith('.')) return false;
    const rel = relative(dir, resolve(dirname(path), spec));
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'));
  });
}

function nonTestSources(dir: string): Array<{ path: string; source: string }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .sort()
    .map((name) => ({ path: join(dir, name), source: readFileSync(join(dir, name), 'utf8') }));
}

const SIM_DIR = join(REPO, 'src', 'sim');
const RECORDER_DIR = join(REPO, 'src', 'recorder');

describe('the static scan for nondeterminism', () => {
  test.each([
    ['Math.random', 'const x = Math.random();', 'Math.random'],
    ['Math.random passed as a value', 'pick(items, Math.random);', 'Math.random'],
    ['Date.now()', 'const t = Date.now();', 'Date.now('],
    ['Date.now with spaces', 'const t = Date . now ();', 'Date.now('],
    ['performance.now()', 'const t = performance.now();', 'performance.now('],
    ['process.hrtime()', 'const [s, ns] = process.hrtime();', 'process.hrtime('],
    ['process.hrtime.bigint()', 'const t = process.hrtime.bigint();', 'process.hrtime('],
    ['new Date()', 'const d = new Date();', 'new Date()'],
    ['new Date( ) with spaces', 'const d = new Date( );', 'new Date()'],
    ['new Date without parentheses', 'const d = new Date;', 'new Date()'],
    ['bare setTimeout', 'setTimeout(() => done(), 10);', 'setTimeout('],
    ['bare setInterval', 'const t = setInterval(tick, 5);', 'setInterval('],
    ['bare setImmediate', 'await new Promise((r) => setImmediate(r));', 'setImmediate('],
    ['globalThis.setTimeout', 'globalThis.setTimeout(f, 1);', 'setTimeout('],
    ["import from 'fs'", "import { readFileSync } from 'fs';", 'import fs'],
    ["import from 'node:fs'", "import * as fs from 'node:fs';", 'import node:fs'],
    ["import from 'fs/promises'", "import { open } from 'fs/promises';", 'import fs/promises'],
    ["import from 'node:fs/promises'", 'import { open } from "node:fs/promises";', 'import node:fs/promises'],
    ["type-only import from 'node:fs'", "import type { Stats } from 'node:fs';", 'import node:fs'],
    ["side-effect import of 'fs'", "import 'fs';", 'import fs'],
    ["re-export of 'node:fs'", "export { readFile } from 'node:fs';", 'import node:fs'],
    ["require('fs')", "const fs = require('fs');", 'import fs'],
    ["import fs = require('node:fs')", "import fs = require('node:fs');", 'import node:fs'],
    ["dynamic import('node:fs/promises')", "const { rm } = await import('node:fs/promises');", 'import node:fs/promises'],
  ])('flags %s', (_name, sample, expected) => {
    expect(forbiddenUses(sample)).toContain(expected);
  });

  test('does not flag what is allowed: injected clocks, dates from a given time, mentions in comments and strings', () => {
    const allowed = [
      'this.clock.setTimeout(fire, ms);',
      'clock.setInterval(fire, ms); clock.setImmediate(fire);',
      'const o = { setTimeout: 1 }; class C { setTimeout() {} } interface I { setInterval(): void; setImmediate: number }',
      'const d = new Date(epochMs).toISOString();',
      'const base = Date.UTC(2026, 2, 8, 1, 59, 0);',
      '// never call Math.random, Date.now(), new Date() or setTimeout( here',
      "/* import fs from 'fs' */",
      "const message = 'no Date.now() and no setTimeout(';",
      "import { createHash } from 'node:crypto';",
      "import { x } from './fs';",
      "import { Volume } from 'memfs';",
    ].join('\n');
    expect(forbiddenUses(allowed)).toEqual([]);
  });

  test('the import check sees sim -> recorder and recorder -> sim imports', () => {
    const simFile = join(SIM_DIR, 'x.ts');
    expect(importsInto(simFile, `import { loadHistory } from '../${'recorder'}/history';`, RECORDER_DIR)).toEqual(['../recorder/history']);
    expect(importsInto(simFile, `export * from '../${'recorder'}';`, RECORDER_DIR)).toEqual(['../recorder']);
    expect(importsInto(simFile, "import type { Env } from '../env/env';", RECORDER_DIR)).toEqual([]);
    const recFile = join(RECORDER_DIR, 'x.ts');
    expect(importsInto(recFile, "import type { SimItem } from '../sim/writer-contract';", SIM_DIR)).toEqual(['../sim/writer-contract']);
    expect(importsInto(recFile, "import { simulate } from '../sim';", SIM_DIR)).toEqual(['../sim']);
    expect(importsInto(recFile, "import { x } from './simple';", SIM_DIR)).toEqual([]);
  });

  test('flags the production binding, which is meant to use real fs and real time', () => {
    const uses = forbiddenUses(readFileSync(join(REPO, 'src', 'env', 'node-env.ts'), 'utf8'));
    expect(uses).toEqual(expect.arrayContaining(['Date.now(', 'import node:fs', 'import node:fs/promises']));
  });

  const sim = nonTestSources(SIM_DIR);
  const recorder = nonTestSources(RECORDER_DIR);

  test('the scan reads the real sources (so it cannot pass by reading nothing)', () => {
    const names = (files: typeof sim) => files.map((f) => relative(REPO, f.path));
    expect(names(sim)).toEqual(expect.arrayContaining(['src/sim/simulation.ts', 'src/sim/sim-fs.ts', 'src/sim/strategy.ts']));
    expect(names(recorder)).toEqual(expect.arrayContaining(['src/recorder/writer.ts', 'src/recorder/recorder.ts']));
    expect([...sim, ...recorder].some((f) => f.path.endsWith('.test.ts'))).toBe(false);
  });

  test('no non-test file under src/sim or src/recorder uses randomness, wall time, real timers or node:fs', () => {
    const violations = [...sim, ...recorder].flatMap((f) => forbiddenUses(f.source).map((use) => `${relative(REPO, f.path)}: ${use}`));
    expect(violations).toEqual([]);
  });

  test('src/sim never imports the recorder, and the recorder never imports src/sim', () => {
    const simToRecorder = sim.flatMap((f) => importsInto(f.path, f.source, RECORDER_DIR).map((s) => `${relative(REPO, f.path)}: ${s}`));
    const recorderToSim = recorder.flatMap((f) => importsInto(f.path, f.source, SIM_DIR).map((s) => `${relative(REPO, f.path)}: ${s}`));
    expect(simToRecorder).toEqual([]);
    expect(recorderToSim).toEqual([]);
  });
});
