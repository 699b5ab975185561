// `npm run bench`: measures throughput (rollout-sim vs the fast-check peer vs raw
// execution), detection (runs and CPU to the first failing run per bug, per search) and
// scale (bench/scale.ts); writes BENCHMARKS.md and bench/results.json.
// Never part of `npm test`.
//
//   npm run bench [-- --quick] [--only throughput,detection,scale] [--rounds N] [--warmup-rounds N] [--runs N]
//                 [--seeds N] [--max-runs N] [--give-up-after N] [--out FILE] [--json FILE] [--baseline FILE]
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { rolloutRecorderWriter } from '../src/adapters/rollout-recorder-writer';
import { BaselineFileError, compareWithBaseline, loadBaseline } from './baseline';
import { CATALOGUE } from './bugs/catalogue';
import { measureDetection } from './detection';
import { describeMachine } from './machine';
import { renderReport, type BenchResults } from './report';
import { measureScale } from './scale';
import { measureThroughput, THROUGHPUT_WORKLOADS } from './throughput';

const SECTIONS = ['throughput', 'detection', 'scale'] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  quick: boolean;
  only: Set<Section>;
  rounds: number;
  warmupRounds: number;
  runs: number;
  seeds: number;
  maxRuns: number;
  giveUpAfter: number;
  out: string;
  json: string;
  baseline?: string;
}

const ROOT = join(__dirname, '..');

/** With the 20-bug catalogue the default takes about 7 CPU-minutes here (detection 5, throughput 1.5), --quick about 2. */
const BUDGETS = {
  full: { rounds: 7, warmupRounds: 2, runs: 300, seeds: 20, maxRuns: 500, giveUpAfter: 5 },
  quick: { rounds: 3, warmupRounds: 1, runs: 40, seeds: 20, maxRuns: 100, giveUpAfter: 3 },
};

const USAGE = `usage: npm run bench -- [--quick] [--only ${SECTIONS.join(',')}] [--rounds N] [--warmup-rounds N] [--runs N] [--seeds N] [--max-runs N] [--give-up-after N] [--out FILE] [--json FILE]
  --quick           a short version (${JSON.stringify(BUDGETS.quick)})
  --rounds N        throughput: interleaved rounds (default ${BUDGETS.full.rounds})
  --warmup-rounds N throughput: untimed rounds first (default ${BUDGETS.full.warmupRounds})
  --runs N          throughput: runs of each engine a round (default ${BUDGETS.full.runs}; x5 for the small three-clones workload)
  --seeds N         detection: seeds a search (default ${BUDGETS.full.seeds})
  --max-runs N      detection: runs a seed before "not found" (default ${BUDGETS.full.maxRuns})
  --give-up-after N detection: stop a search after N seeds found nothing (default ${BUDGETS.full.giveUpAfter}; 0 never)
  --out FILE        the report (default BENCHMARKS.md); --json FILE the figures (default bench/results.json)
  --baseline FILE   detection: compare the mixed search with an earlier results.json (keep a copy of it first: --json overwrites)`;

class UsageError extends Error {
  override name = 'UsageError';
}

function parseOptions(argv: readonly string[]): Options {
  const quick = argv.includes('--quick');
  const budget = { ...(quick ? BUDGETS.quick : BUDGETS.full) };
  const o: Options = { quick, only: new Set(SECTIONS), ...budget, out: join(ROOT, 'BENCHMARKS.md'), json: join(ROOT, 'bench', 'results.json') };
  const whole = (flag: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (value === undefined || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} needs a whole number >= ${min}, got ${JSON.stringify(value)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i];
    if (arg === '--quick') continue;
    else if (arg === '--rounds') o.rounds = whole(arg, value(), 1);
    else if (arg === '--warmup-rounds') o.warmupRounds = whole(arg, value(), 0);
    else if (arg === '--runs') o.runs = whole(arg, value(), 1);
    else if (arg === '--seeds') o.seeds = whole(arg, value(), 1);
    else if (arg === '--max-runs') o.maxRuns = whole(arg, value(), 1);
    else if (arg === '--give-up-after') o.giveUpAfter = whole(arg, value(), 0);
    else if (arg === '--out') o.out = value() ?? '';
    else if (arg === '--json') o.json = value() ?? '';
    else if (arg === '--baseline') o.baseline = value() ?? '';
    else if (arg === '--only') {
      const names = (value() ?? '').split(',');
      const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
      if (unknown.length) throw new UsageError(`--only takes ${SECTIONS.join(', ')}; got ${unknown.join(', ')}`);
      o.only = new Set(names as Section[]);
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new UsageError(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  if (!o.out || !o.json) throw new UsageError('--out and --json need a file name');
  if (o.baseline === '') throw new UsageError('--baseline needs a file name');
  if (o.baseline !== undefined && !o.only.has('detection')) throw new UsageError('--baseline compares detection figures: it needs the detection section');
  return o;
}

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const o = parseOptions(args);
  const baseline = o.baseline === undefined ? undefined : loadBaseline(o.baseline);
  const started = process.cpuUsage();
  const results: BenchResults = {
    machine: describeMachine(),
    command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    budget: { quick: o.quick, rounds: o.rounds, warmupRounds: o.warmupRounds, runsPerRound: o.runs, seeds: o.seeds, maxRuns: o.maxRuns, giveUpAfter: o.giveUpAfter, sections: [...o.only].join(',') },
    totalCpuSeconds: 0,
  };
  if (o.only.has('throughput')) {
    const writer = rolloutRecorderWriter('reference');
    results.throughput = [];
    for (const workload of THROUGHPUT_WORKLOADS) {
      results.throughput.push(await measureThroughput(workload, { writer, runsPerRound: o.runs, rounds: o.rounds, warmupRounds: o.warmupRounds, firstSeed: 1, onProgress: progress }));
    }
  }
  if (o.only.has('detection')) {
    progress(`detection: ${CATALOGUE.length} bugs from the catalogue`);
    const rows = await measureDetection(CATALOGUE, { seeds: o.seeds, firstSeed: 1, maxRuns: o.maxRuns, giveUpAfter: o.giveUpAfter, onProgress: progress });
    results.detection = { seeds: o.seeds, maxRuns: o.maxRuns, giveUpAfter: o.giveUpAfter, rows };
    if (baseline) results.baseline = compareWithBaseline(baseline, results.detection);
  }
  if (o.only.has('scale')) {
    progress('scale');
    results.scale = { measured: true, rows: await measureScale({ quick: o.quick }) };
  }
  const used = process.cpuUsage(started);
  results.totalCpuSeconds = (used.user + used.system) / 1e6;
  writeFileSync(o.out, renderReport(results) + '\n');
  writeFileSync(o.json, JSON.stringify(results, null, 2) + '\n');
  progress(`wrote ${relative(process.cwd(), o.out)} and ${relative(process.cwd(), o.json)} (${results.totalCpuSeconds.toFixed(0)} CPU-s)`);
}

main().catch((err: unknown) => {
  const theirs = err instanceof UsageError || err instanceof BaselineFileError;
  console.error(theirs ? err.message : err);
  process.exit(theirs ? 2 : 1);
});
