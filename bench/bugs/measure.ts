// Runs to first detection for the catalogue's bugs: one campaign (src/campaign/campaign.ts,
// as `rollout-sim run` makes it) per bug and seed, the run at which the first failure was
// found read off its fast-check path; then, with --twins, each bug's fixed twin over the
// same seeds and as many runs as the bug needed, which must all pass. Not part of
// `npm test`; bench/bugs/README.md gives the figures and this command:
//
//   npx ts-node --transpile-only bench/bugs/measure.ts --seeds 20 --runs 5000 --twins [--json out.json] [name ...]
import { writeFileSync } from 'node:fs';
import { runCampaign } from '../../src/campaign/campaign';
import { cpuMs, spread } from '../cpu-ratio';
import { CATALOGUE, type CatalogueBug } from './catalogue';
import { runOfPath } from './first-detection';
import { fixedTwinOf, twinCampaign } from './twins';

interface Options {
  seeds: number;
  firstSeed: number;
  runs: number;
  twins: boolean;
  json?: string;
  names: string[];
}

export class MeasureUsageError extends Error {
  override name = 'MeasureUsageError';
}

function wholeNumber(flag: string, raw: string | undefined, min: number): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n) || n < min) throw new MeasureUsageError(`${flag} takes a whole number from ${min}; got ${JSON.stringify(raw)}`);
  return n;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { seeds: 20, firstSeed: 1, runs: 5000, twins: false, names: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seeds') o.seeds = wholeNumber(a, argv[++i], 1);
    else if (a === '--first-seed') o.firstSeed = wholeNumber(a, argv[++i], -(2 ** 31));
    else if (a === '--runs') o.runs = wholeNumber(a, argv[++i], 1);
    else if (a === '--twins') o.twins = true;
    else if (a === '--json') {
      const file = argv[++i];
      if (file === undefined) throw new MeasureUsageError('--json takes a file name');
      o.json = file;
    } else if (a.startsWith('--')) throw new MeasureUsageError(`unknown flag ${a}; known: --seeds, --first-seed, --runs, --twins, --json`);
    else o.names.push(a);
  }
  return o;
}

export interface CampaignDetection {
  seed: number;
  /** The run (1-based) that first failed, or undefined if none did within the budget. */
  run?: number;
  invariants?: string[];
  /** What the shrunk counterexample kept: its actors' kinds and its faults' kinds. */
  shrunk?: { actors: string[]; faults: string[]; strategy: string };
  cpuMs: number;
}

async function detect(bug: CatalogueBug, seed: number, runs: number): Promise<CampaignDetection> {
  const { ms: cpu, value: result } = await cpuMs(() => runCampaign({ writer: bug.writer, ref: { recorder: `bench/bugs/${bug.name}.ts` }, numRuns: runs, seed, profile: bug.profile ?? 'default' }));
  const f = result.failure;
  if (!f) return { seed, cpuMs: cpu };
  const s = f.scenario;
  return {
    seed,
    run: runOfPath(f.path),
    invariants: f.invariants,
    shrunk: {
      actors: s.workload.actors.map((a) => (a.kind === 'shutdown' ? `shutdown/${a.via}` : `${a.kind}:${a.ops.map((op) => op.kind).join(',')}`)),
      faults: s.faults.faults.map((x) => (x.kind === 'fsync-fail' ? `fsync-fail:${x.pages ?? 'kept'}` : x.kind)),
      strategy: s.strategy.kind === 'pct' ? `pct(d=${s.strategy.depth})` : s.strategy.kind,
    },
    cpuMs: cpu,
  };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const unknown = o.names.filter((n) => !CATALOGUE.some((b) => b.name === n));
  if (unknown.length) throw new MeasureUsageError(`no catalogue bug named ${unknown.join(', ')}; known: ${CATALOGUE.map((b) => b.name).join(', ')}`);
  const bugs = o.names.length ? CATALOGUE.filter((b) => o.names.includes(b.name)) : CATALOGUE;
  const seeds = Array.from({ length: o.seeds }, (_, i) => o.firstSeed + i);
  const report: Array<{ name: string; depth: string; detections: CampaignDetection[]; twin?: string[] }> = [];
  for (const bug of bugs) {
    const detections: CampaignDetection[] = [];
    for (const seed of seeds) detections.push(await detect(bug, seed, o.runs));
    const found = detections.filter((d) => d.run !== undefined).map((d) => d.run!);
    const line = found.length
      ? `median ${spread(found).median}, max ${Math.max(...found)}, found ${found.length}/${seeds.length} within ${o.runs}`
      : `not found within ${o.runs} runs on any of ${seeds.length} seeds`;
    console.log(`${bug.name}: ${line}; runs: ${detections.map((d) => d.run ?? '-').join(' ')}`);
    for (const d of detections.filter((x) => x.shrunk).slice(0, 3)) console.log(`    seed ${d.seed}: ${d.invariants?.join(',')} ${JSON.stringify(d.shrunk)}`);
    const entry: (typeof report)[number] = { name: bug.name, depth: bug.depth, detections };
    if (o.twins) {
      const twin = fixedTwinOf(bug.name);
      const problems: string[] = [];
      // Only where the bug was found: the twin must pass the very runs that failed.
      for (const d of detections.filter((x) => x.run !== undefined)) {
        const { failure } = await twinCampaign(bug, d.seed, d.run!);
        if (failure) problems.push(`${twin.name} failed seed ${d.seed} at path ${failure.path}: ${failure.violations[0]?.message}`);
      }
      console.log(`    twin ${twin.name}: ${problems.length ? problems.join('; ') : `passes every seed over the runs the bug needed`}`);
      entry.twin = problems;
    }
    report.push(entry);
  }
  if (o.json) writeFileSync(o.json, JSON.stringify({ options: o, report }, null, 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
