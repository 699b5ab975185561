// Proof from outside: the package as a user installs it. `npm run build`, `npm pack`, the
// tarball installed into a scratch project outside the repository (with tsx, from the npm
// registry), and from there: a campaign against the reference recorder, the CLI on the
// project's own JavaScript and TypeScript writer modules, and a jest test file of the
// project that imports the API and fails on a buggy writer with the replay command in its
// message. Nothing in the scratch project imports from the repository's sources.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..');
/** The repository's own tsx (a devDependency), so npm ci has put it in the cache and the install needs no network. */
const TSX_VERSION = (require('tsx/package.json') as { version: string }).version;
const FIXTURE = join(__dirname, 'fixtures', 'scratch');
const run = (command: string, args: string[], cwd: string) => spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', FORCE_COLOR: '0' }, timeout: 180_000 });

let scratch: string;
let packs: string;

beforeAll(() => {
  execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'pipe' });
  packs = mkdtempSync(join(tmpdir(), 'rollout-sim-pack-'));
  execFileSync('npm', ['pack', '--pack-destination', packs], { cwd: REPO, stdio: 'pipe' });
  const [tarball] = readdirSync(packs).filter((f) => f.endsWith('.tgz'));
  scratch = mkdtempSync(join(tmpdir(), 'rollout-sim-scratch-'));
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  cpSync(FIXTURE, scratch, { recursive: true });
  const installed = run('npm', ['install', join(packs, tarball), `tsx@${TSX_VERSION}`, '--prefer-offline', '--no-audit', '--no-fund'], scratch);
  if (installed.status !== 0) throw new Error(`npm install in the scratch project failed:\n${installed.stderr}`);
}, 240_000);

afterAll(() => {
  for (const dir of [scratch, packs]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) => run(join(scratch, 'node_modules', '.bin', 'rollout-sim'), args, scratch);

test('the installed command runs a campaign against the reference recorder, with no TypeScript toolchain of its own', () => {
  const r = cli('run', '--variant', 'reference', '--runs', '200', '--seed', '1');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^failures: +0$/m);
  expect(readdirSync(join(scratch, 'node_modules'))).not.toContain('ts-node');
});

test.each(['buggy-writer.js', 'buggy-writer.ts'])("the command runs the project's own writer module %s and finds its bug", (module) => {
  const r = cli('run', '--recorder', `./${module}`, '--runs', '200', '--seed', '1', '--no-corpus');
  expect(r.stderr).not.toMatch(/error:/);
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/^FAILED no-acknowledged-item-lost/m);
  expect(r.stdout).toContain(`replay: rollout-sim replay --recorder ./${module} --profile default --seed 1 --path`);
});

test("a jest test of the project that calls assertWriter fails on the buggy writer, the replay command in its message", () => {
  const jest = join(REPO, 'node_modules', 'jest', 'bin', 'jest.js');
  const r = run(process.execPath, [jest, '--rootDir', scratch, '--ci', 'buggy-writer.test.js'], scratch);
  const out = r.stdout + r.stderr;
  expect(r.status).toBe(1);
  expect(out).toMatch(/WriterPropertyError: scratch-writer failed no-acknowledged-item-lost/);
  expect(out).toContain('replay: rollout-sim replay --recorder ./buggy-writer.js --profile default --seed 1 --path');
});

test('the package imports the same from CommonJS and from an ES module, with its types beside it', () => {
  const probe = "typeof assertWriter + ' ' + typeof runCampaign";
  const cjs = run(process.execPath, ['-e', `const { assertWriter, runCampaign } = require('rollout-sim'); console.log(${probe})`], scratch);
  const esm = run(process.execPath, ['--input-type=module', '-e', `import { assertWriter, runCampaign } from 'rollout-sim'; console.log(${probe})`], scratch);
  expect([cjs.stdout.trim(), esm.stdout.trim()]).toEqual(['function function', 'function function']);
  expect(readdirSync(join(scratch, 'node_modules', 'rollout-sim', 'dist'))).toContain('index.d.ts');
});
