// How one simulated run scales with its number of calls: N one-item appends on the
// reference recorder (one handle, or the calls dealt round-robin to a few clones, each
// awaiting its own call before the next), then a shutdown, no faults, FIFO schedule. It
// measures the CPU time (process.cpuUsage) of the simulation and, apart, of the invariant
// checks (checkAll), per call, for N = 1,000 .. 100,000, sizes interleaved and repeated,
// after warm-up runs, and prints each size's cost per call and its ratio to the first.
//
//   npx ts-node --transpile-only bench/scale.ts [--quick] [--sizes 1000,3000,...] [--repeats R] [--clones C] [--min-calls M]
//
// One measurement of a size is at least `minCalls` calls: a run smaller than that is made
// back to back as often as it takes (30 runs of 1,000), so a small size is not one short
// run at the mercy of a collection or a neighbour's burst of CPU. Before each measurement
// the heap is collected (gc exposed at run time), so no size pays for the garbage the one
// before it left. The ratio of a repeat is that repeat's cost per call at N over the same
// repeat's at the first size (min / median / max over the repeats): a shared machine slows
// a whole repeat at once more often than one run of it. Absolute microseconds are noise.
//
// The simulator's named limits (DEFAULT_LIMITS: 2,000 steps, 5,000 file-system calls) are
// sized for generated scenarios of tens of calls; these runs take about two steps and at
// most one file-system call per append (1,000 appends: 1,750 steps), so each run raises
// both to 4N + 1,000 (scaleLimits below) -- for this bench only; the defaults are untouched.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { writerForVariant } from '../src/adapters/variants';
import { checkAll } from '../src/invariants/index';
import type { VariantName } from '../src/recorder/index';
import { DEFAULT_LIMITS, type Scenario, type SimLimits } from '../src/sim/scenario';
import { simulate, type RunResult } from '../src/sim/simulation';
import type { ActorSpec, HandleOp } from '../src/sim/workload';
import type { LogWriterFactory } from '../src/sim/writer-contract';
import { spread } from './cpu-ratio';

export const DEFAULT_SCALE_SIZES: readonly number[] = [1_000, 3_000, 10_000, 30_000, 100_000];

/** Calls made untimed before measuring, at the first size: enough for V8 to have optimised the hot paths. */
const WARM_UP_CALLS = 30_000;

export interface ScaleOptions {
  /** Numbers of one-item append calls, smallest first: ratios are to the first. */
  sizes?: readonly number[];
  /** Times each size is measured, interleaved with the others (default 5). */
  repeats?: number;
  /** Handles the calls are dealt to (default 1). */
  clones?: number;
  /** Calls one measurement makes at least: a smaller size runs back to back (default 30,000). */
  minCalls?: number;
  /** A short version for `npm run bench -- --quick`: 1,000, 10,000 and 100,000 calls, measured once, 10,000 calls a measurement. */
  quick?: boolean;
  variant?: VariantName;
  /** Progress lines (one per measurement); silent if absent. */
  log?: (line: string) => void;
}

/** One size: its cost per call (median over the repeats) and how that compares with the first size's. */
export interface ScaleRow {
  calls: number;
  /** Handles the calls were dealt to. */
  clones: number;
  repeats: number;
  /** Runs of this size back to back in one measurement. */
  runsPerMeasurement: number;
  /** Scheduler steps of one run (the same in every repeat: the run is deterministic). */
  steps: number;
  /** CPU microseconds per call: simulate() (the run, its trace hash and read-back). */
  simulateUsPerCall: number;
  /** CPU microseconds per call: every invariant's check of the run (checkAll). */
  checksUsPerCall: number;
  /** Both together. */
  totalUsPerCall: number;
  /** Cost per call over the first size's in the same repeat, median over the repeats. */
  simulateVsFirst: number;
  checksVsFirst: number;
  totalVsFirst: number;
  /** The lowest and highest of totalVsFirst's repeats. */
  totalVsFirstMin: number;
  totalVsFirstMax: number;
}

export class ScaleRunError extends Error {
  override name = 'ScaleRunError';
}

/** Limits for a run of `calls` appends: the defaults, with the step and file-system call budgets grown in proportion. */
export function scaleLimits(calls: number): SimLimits {
  return { ...DEFAULT_LIMITS, maxSteps: Math.max(DEFAULT_LIMITS.maxSteps, 4 * calls + 1_000), maxFsCalls: Math.max(DEFAULT_LIMITS.maxFsCalls, 4 * calls + 1_000) };
}

/** `calls` one-item appends dealt round-robin to `clones` handle actors, then one shutdown on its own clone. */
export function scaleScenario(calls: number, clones = 1): Scenario {
  if (!Number.isSafeInteger(calls) || calls < 1) throw new RangeError(`a scale run needs a positive whole number of calls, got ${calls}`);
  if (!Number.isSafeInteger(clones) || clones < 1) throw new RangeError(`a scale run needs a positive whole number of clones, got ${clones}`);
  const append: HandleOp = { kind: 'append', durable: 1, transient: 0 };
  const actors: ActorSpec[] = Array.from({ length: clones }, (_, k) => ({
    kind: 'handle' as const,
    name: `h${k + 1}`,
    ops: Array.from({ length: Math.floor(calls / clones) + (k < calls % clones ? 1 : 0) }, () => append),
  }));
  actors.push({ kind: 'shutdown', name: 'sd1', via: 'handle' });
  return {
    workload: { actors },
    faults: { faults: [] },
    strategy: { kind: 'random' },
    tape: [],
    idSeed: 7,
    startEpochMs: Date.UTC(2026, 0, 2, 3, 4, 5),
    utcOffsetMinutes: 0,
  };
}

interface Sample {
  simulateUs: number;
  checksUs: number;
  steps: number;
  traceEntries: number;
}

const cpuUs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return d.user + d.system;
};

let gc: (() => void) | undefined;

/**
 * A full collection, between measurements; gc is exposed at run time, so the bench needs no
 * node flag -- on the first measurement, not on import, so the other sections run as before.
 */
function collect(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/** What a run of `calls` appends is made of: built once a measurement, outside the timed spans. */
interface ScaleRun {
  calls: number;
  writer: LogWriterFactory;
  scenario: Scenario;
  limits: SimLimits;
}

/** One run of `calls` appends: its CPU time, simulate and checks apart; throws unless it completed clean. */
async function measureOnce({ calls, writer, scenario, limits }: ScaleRun): Promise<Sample> {
  let since = process.cpuUsage();
  const run: RunResult = await simulate(writer, scenario, limits);
  const simulateUs = cpuUs(since);
  since = process.cpuUsage();
  const violations = checkAll(run);
  const checksUs = cpuUs(since);
  if (run.end.kind !== 'completed') throw new ScaleRunError(`the run of ${calls} calls did not complete: ${run.end.kind}`);
  const appends = run.calls.filter((c) => c.op === 'append');
  if (appends.length !== calls || appends.some((c) => c.outcome?.status !== 'queued')) throw new ScaleRunError(`the run of ${calls} calls did not queue every append`);
  if (violations.length) throw new ScaleRunError(`the run of ${calls} calls broke an invariant: ${violations[0].message}`);
  return { simulateUs, checksUs, steps: run.steps, traceEntries: run.trace.entries.length };
}

/** `runs` runs of `calls` back to back, after a full collection: their CPU times summed. */
async function measure(calls: number, runs: number, clones: number, variant: VariantName): Promise<Sample> {
  const run: ScaleRun = { calls, writer: writerForVariant(variant), scenario: scaleScenario(calls, clones), limits: scaleLimits(calls) };
  collect();
  const total: Sample = { simulateUs: 0, checksUs: 0, steps: 0, traceEntries: 0 };
  for (let i = 0; i < runs; i++) {
    const s = await measureOnce(run);
    total.simulateUs += s.simulateUs;
    total.checksUs += s.checksUs;
    total.steps = s.steps;
    total.traceEntries = s.traceEntries;
  }
  return total;
}

export async function measureScale(options: ScaleOptions = {}): Promise<ScaleRow[]> {
  const sizes = options.sizes ?? (options.quick ? [1_000, 10_000, 100_000] : DEFAULT_SCALE_SIZES);
  const repeats = options.repeats ?? (options.quick ? 1 : 5);
  const clones = options.clones ?? 1;
  const minCalls = options.minCalls ?? (options.quick ? 10_000 : 30_000);
  const variant = options.variant ?? 'reference';
  if (sizes.length === 0) throw new RangeError('measureScale needs at least one size');
  if (!Number.isSafeInteger(repeats) || repeats < 1) throw new RangeError(`repeats must be a positive whole number, got ${repeats}`);
  const runsOf = sizes.map((calls) => Math.max(1, Math.ceil(minCalls / calls)));
  // Warm-up: the first runs in a process pay for compiling the simulator and the recorder.
  await measure(sizes[0], Math.max(runsOf[0], Math.ceil(WARM_UP_CALLS / sizes[0])), clones, variant);
  const samples: Sample[][] = sizes.map(() => []);
  for (let r = 0; r < repeats; r++) {
    for (const [i, calls] of sizes.entries()) {
      const s = await measure(calls, runsOf[i], clones, variant);
      samples[i].push(s);
      const runs = runsOf[i] > 1 ? ` (${runsOf[i]} runs)` : '';
      options.log?.(`repeat ${r + 1}/${repeats}: ${calls} calls${runs}, simulate ${(s.simulateUs / 1000).toFixed(0)} ms, checks ${(s.checksUs / 1000).toFixed(1)} ms`);
    }
  }
  const perCall = (i: number, r: number, pick: (s: Sample) => number) => pick(samples[i][r]) / (sizes[i] * runsOf[i]);
  const median = (i: number, pick: (s: Sample) => number) => spread(samples[i].map((_, r) => perCall(i, r, pick))).median;
  const ratios = (i: number, pick: (s: Sample) => number) => spread(samples[i].map((_, r) => perCall(i, r, pick) / perCall(0, r, pick)));
  const sim = (s: Sample) => s.simulateUs;
  const checks = (s: Sample) => s.checksUs;
  const total = (s: Sample) => s.simulateUs + s.checksUs;
  return sizes.map((calls, i) => {
    const totalVsFirst = ratios(i, total);
    return {
      calls,
      clones,
      repeats,
      runsPerMeasurement: runsOf[i],
      steps: samples[i][0].steps,
      simulateUsPerCall: median(i, sim),
      checksUsPerCall: median(i, checks),
      totalUsPerCall: median(i, total),
      simulateVsFirst: ratios(i, sim).median,
      checksVsFirst: ratios(i, checks).median,
      totalVsFirst: totalVsFirst.median,
      totalVsFirstMin: totalVsFirst.min,
      totalVsFirstMax: totalVsFirst.max,
    };
  });
}

/** The rows as a Markdown table: cost per call (median over the repeats) and ratio to the first size. */
export function scaleTable(rows: readonly ScaleRow[]): string {
  const us = (v: number) => v.toFixed(1);
  const x = (v: number) => `${v.toFixed(2)}x`;
  const lines = [
    '| calls | runs a measurement | steps a run | simulate µs/call | checks µs/call | total µs/call | simulate vs first | checks vs first | total vs first [min .. max] |',
    '|------:|-------------------:|------------:|-----------------:|---------------:|--------------:|------------------:|----------------:|:----------------------------|',
    ...rows.map(
      (r) =>
        `| ${r.calls.toLocaleString('en-US')} | ${r.runsPerMeasurement} | ${r.steps.toLocaleString('en-US')} | ${us(r.simulateUsPerCall)} | ${us(r.checksUsPerCall)} | ${us(r.totalUsPerCall)} | ` +
        `${x(r.simulateVsFirst)} | ${x(r.checksVsFirst)} | ${x(r.totalVsFirst)} [${r.totalVsFirstMin.toFixed(2)} .. ${r.totalVsFirstMax.toFixed(2)}] |`,
    ),
  ];
  return lines.join('\n');
}

function parseArgs(argv: readonly string[]): ScaleOptions {
  const options: ScaleOptions = {};
  const whole = (flag: string, value: string | undefined): number => {
    const n = Number((value ?? '').replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} takes a positive whole number, got ${JSON.stringify(value)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--sizes') options.sizes = (argv[++i] ?? '').split(',').map((v) => whole('--sizes', v));
    else if (arg === '--repeats') options.repeats = whole(arg, argv[++i]);
    else if (arg === '--clones') options.clones = whole(arg, argv[++i]);
    else if (arg === '--min-calls') options.minCalls = whole(arg, argv[++i]);
    else if (arg === '--quick') options.quick = true;
    else throw new Error(`unknown argument ${JSON.stringify(arg)}; usage: [--quick] [--sizes 1000,3000,...] [--repeats R] [--clones C] [--min-calls M]`);
  }
  return options;
}

if (require.main === module) {
  const options = parseArgs(process.argv.slice(2));
  measureScale({ ...options, log: (line) => process.stderr.write(`${line}\n`) }).then(
    (rows) => {
      console.log(
        `${rows[0].clones} handle(s), ${rows[0].repeats} repeats, node ${process.version}; CPU time per call, median; ratio per repeat to ${rows[0].calls.toLocaleString('en-US')} calls (${rows[0].runsPerMeasurement} runs a measurement)`,
      );
      console.log(scaleTable(rows));
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    },
  );
}
