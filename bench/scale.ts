// How one simulated run scales with its number of calls: N one-item appends on the
// reference recorder (one handle, or the calls dealt round-robin to a few clones, each
// awaiting its own call before the next), then a shutdown, no faults, FIFO schedule. It
// measures the CPU time (process.cpuUsage) of the simulation and, apart, of the invariant
// checks (checkAll), per call, for N = 1,000 .. 100,000, sizes interleaved and repeated,
// after a warm-up run, and prints each size's cost per call and its ratio to the first.
//
//   npx ts-node --transpile-only bench/scale.ts [--sizes 1000,3000,...] [--repeats R] [--clones C]
//
// The ratio of a repeat is that repeat's cost per call at N over the same repeat's at the
// first size (min / median / max over the repeats): a shared machine slows a whole repeat
// at once more often than one run of it. Absolute microseconds are noise on such machines.
//
// The simulator's named limits (DEFAULT_LIMITS: 2,000 steps, 5,000 file-system calls) are
// sized for generated scenarios of tens of calls; these runs take about two steps and one
// or two file-system calls per append, so each run raises both in proportion to N
// (scaleLimits below) -- for this bench only; the defaults are untouched.
import { writerForVariant } from '../src/adapters/variants';
import { checkAll } from '../src/invariants/index';
import type { VariantName } from '../src/recorder/index';
import { DEFAULT_LIMITS, type Scenario, type SimLimits } from '../src/sim/scenario';
import { simulate, type RunResult } from '../src/sim/simulation';
import type { ActorSpec, HandleOp } from '../src/sim/workload';

export const DEFAULT_SCALE_SIZES: readonly number[] = [1_000, 3_000, 10_000, 30_000, 100_000];

export interface ScaleOptions {
  /** Numbers of one-item append calls, smallest first: ratios are to the first. */
  sizes?: readonly number[];
  /** Times each size is run, interleaved with the others (default 3). */
  repeats?: number;
  /** Handles the calls are dealt to (default 1). */
  clones?: number;
  variant?: VariantName;
  /** Progress lines (one per run); silent if absent. */
  log?: (line: string) => void;
}

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export interface ScaleRow {
  calls: number;
  clones: number;
  repeats: number;
  /** Scheduler steps and trace entries of the run (the same in every repeat: the run is deterministic). */
  steps: number;
  traceEntries: number;
  /** CPU microseconds per call: simulate() (the run, its trace hash and read-back), over the repeats. */
  simulateUsPerCall: Spread;
  /** CPU microseconds per call: every invariant's check of the run (checkAll). */
  checksUsPerCall: Spread;
  /** Both together. */
  totalUsPerCall: Spread;
  /** Per repeat, this size's cost per call over the first size's, then min / median / max. */
  simulateRatio: Spread;
  checksRatio: Spread;
  totalRatio: Spread;
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

/** One run of `calls` appends: its CPU time, simulate and checks apart; throws unless it completed clean. */
async function measureOnce(calls: number, clones: number, variant: VariantName): Promise<Sample> {
  const writer = writerForVariant(variant);
  const scenario = scaleScenario(calls, clones);
  const limits = scaleLimits(calls);
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

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1] };
}

export async function measureScale(options: ScaleOptions = {}): Promise<ScaleRow[]> {
  const sizes = options.sizes ?? DEFAULT_SCALE_SIZES;
  const repeats = options.repeats ?? 3;
  const clones = options.clones ?? 1;
  const variant = options.variant ?? 'reference';
  if (sizes.length === 0) throw new RangeError('measureScale needs at least one size');
  if (!Number.isSafeInteger(repeats) || repeats < 1) throw new RangeError(`repeats must be a positive whole number, got ${repeats}`);
  // Warm-up: the first runs in a process pay for compiling the simulator and the recorder.
  for (let i = 0; i < 3; i++) await measureOnce(sizes[0], clones, variant);
  const samples: Sample[][] = sizes.map(() => []);
  for (let r = 0; r < repeats; r++) {
    for (const [i, calls] of sizes.entries()) {
      const s = await measureOnce(calls, clones, variant);
      samples[i].push(s);
      options.log?.(`repeat ${r + 1}/${repeats}: ${calls} calls, simulate ${(s.simulateUs / 1000).toFixed(0)} ms, checks ${(s.checksUs / 1000).toFixed(1)} ms`);
    }
  }
  const perCall = (i: number, pick: (s: Sample) => number) => samples[i].map((s) => pick(s) / sizes[i]);
  const ratio = (i: number, pick: (s: Sample) => number) => samples[i].map((s, r) => pick(s) / sizes[i] / (pick(samples[0][r]) / sizes[0]));
  const sim = (s: Sample) => s.simulateUs;
  const checks = (s: Sample) => s.checksUs;
  const total = (s: Sample) => s.simulateUs + s.checksUs;
  return sizes.map((calls, i) => ({
    calls,
    clones,
    repeats,
    steps: samples[i][0].steps,
    traceEntries: samples[i][0].traceEntries,
    simulateUsPerCall: spread(perCall(i, sim)),
    checksUsPerCall: spread(perCall(i, checks)),
    totalUsPerCall: spread(perCall(i, total)),
    simulateRatio: spread(ratio(i, sim)),
    checksRatio: spread(ratio(i, checks)),
    totalRatio: spread(ratio(i, total)),
  }));
}

/** The rows as a Markdown table: cost per call (median) and ratio to the first size (median, [min .. max]). */
export function scaleTable(rows: readonly ScaleRow[]): string {
  const us = (s: Spread) => s.median.toFixed(1);
  const x = (s: Spread) => `${s.median.toFixed(2)}x [${s.min.toFixed(2)} .. ${s.max.toFixed(2)}]`;
  const lines = [
    '| calls | steps | simulate µs/call | checks µs/call | total µs/call | simulate vs first | checks vs first | total vs first |',
    '|------:|------:|-----------------:|---------------:|--------------:|:------------------|:----------------|:---------------|',
    ...rows.map((r) => `| ${r.calls.toLocaleString('en-US')} | ${r.steps.toLocaleString('en-US')} | ${us(r.simulateUsPerCall)} | ${us(r.checksUsPerCall)} | ${us(r.totalUsPerCall)} | ${x(r.simulateRatio)} | ${x(r.checksRatio)} | ${x(r.totalRatio)} |`),
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
    else throw new Error(`unknown argument ${JSON.stringify(arg)}; usage: [--sizes 1000,3000,...] [--repeats R] [--clones C]`);
  }
  return options;
}

if (require.main === module) {
  const options = parseArgs(process.argv.slice(2));
  measureScale({ ...options, log: (line) => process.stderr.write(`${line}\n`) }).then(
    (rows) => {
      console.log(`${rows[0].clones} handle(s), ${rows[0].repeats} repeats, node ${process.version}; CPU time per call, median; ratio per repeat to ${rows[0].calls.toLocaleString('en-US')} calls`);
      console.log(scaleTable(rows));
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    },
  );
}
