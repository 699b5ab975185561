// Throughput: runs per CPU-second of rollout-sim, the fast-check peer and raw execution,
// on the same workloads drawn from the same seeds, measured side by side (cpu-ratio.ts).
//
// - rollout-sim: the campaign's per-run path, `simulate` + `checkAll`, with the seed's
//   fault plan, strategy and choice tape, and the trace kept and hashed (the campaign also
//   re-runs one run in 50 to compare traces; that re-run is not counted here).
// - peer: `peerRun` under an fc.scheduler() drawn from the same seed, + `checkAll`.
// - raw: `rawRun`, the same calls with no scheduler and no checks.
// Drawing the scenarios and the schedulers happens before the clock starts, for all three.
import fc from 'fast-check';
import { checkAll } from '../src/invariants/index';
import { boundsFor } from '../src/campaign/profiles';
import { scenarioForSeed } from '../src/sim/scenario-arbitrary';
import type { Scenario } from '../src/sim/scenario';
import { simulate } from '../src/sim/simulation';
import type { Workload } from '../src/sim/workload';
import type { LogWriterFactory } from '../src/sim/writer-contract';
import { costRatio, interleavedRounds, spread, type Round, type Spread } from './cpu-ratio';
import { peerRun } from './peer/peer-run';
import { rawRun } from './raw-run';

export const ENGINES = ['rollout-sim', 'peer', 'raw'] as const;
export type Engine = (typeof ENGINES)[number];

/** Three clones racing a flush, a persist and a shutdown, each clone having appended first. */
export const THREE_CLONES: Workload = {
  actors: [
    { kind: 'handle', name: 'h1', ops: [{ kind: 'append', durable: 2, transient: 0 }, { kind: 'flush' }] },
    { kind: 'handle', name: 'h2', ops: [{ kind: 'append', durable: 2, transient: 0 }, { kind: 'persist' }] },
    { kind: 'shutdown', name: 'sd1', via: 'handle' },
  ],
};

export interface ThroughputWorkload {
  name: string;
  description: string;
  /** Runs a round, as a multiple of the runs asked for: a small workload runs more, so each engine's turn is long enough to time. */
  runsScale: number;
  /** The scenario seed `seed` stands for. */
  scenario(writer: LogWriterFactory, seed: number): Scenario;
}

export const THROUGHPUT_WORKLOADS: readonly ThroughputWorkload[] = [
  {
    name: 'three-clones',
    description: 'h1: append(2) flush; h2: append(2) persist; sd1: shutdown -- three clones of one handle; the fault plan, strategy and tape drawn by the default profile from the seed',
    runsScale: 5,
    scenario: (writer, seed) => ({ ...scenarioForSeed(seed, boundsFor(writer, 'default')), workload: THREE_CLONES }),
  },
  {
    name: 'default-profile',
    description: "the default profile's generator: up to 3 handle actors, 2 session actors, 3 shutdown callers, bursts (large ones fill the 256-command queue), 0-3 faults",
    runsScale: 1,
    scenario: (writer, seed) => scenarioForSeed(seed, boundsFor(writer, 'default')),
  },
];

export interface EngineWork {
  runs: number;
  /** Calls made, over every round: the same workloads should give about the same number (a crash ends a simulated run early). */
  calls: number;
  /** How the runs ended (raw: completed or hung), over every round. */
  ends: Record<string, number>;
  /** Runs in which an invariant failed (raw checks nothing). */
  failedRuns: number;
}

export interface ThroughputResult {
  workload: string;
  description: string;
  writer: string;
  runsPerRound: number;
  warmupRounds: number;
  seeds: { first: number; last: number };
  rounds: Array<Round<Engine>>;
  runsPerCpuSecond: Record<Engine, Spread>;
  /** rollout-sim's CPU over the peer's, per round: at most 1.0 meets ">= 1.0x the peer's runs per CPU-second". */
  simOverPeer: Spread;
  /** rollout-sim's CPU over raw's, per round: at most 1.3 meets the target. */
  simOverRaw: Spread;
  work: Record<Engine, EngineWork>;
}

export interface ThroughputOptions {
  writer: LogWriterFactory;
  /** Runs of each engine a round, before the workload's runsScale. */
  runsPerRound: number;
  rounds: number;
  /** Untimed rounds first: V8 keeps optimising well past one pass, and the first timed round would favour whichever engine ran last. */
  warmupRounds: number;
  firstSeed: number;
  onProgress?: (message: string) => void;
}

const tally = (work: EngineWork, end: string, calls: number, failed: boolean): void => {
  work.runs++;
  work.calls += calls;
  work.ends[end] = (work.ends[end] ?? 0) + 1;
  if (failed) work.failedRuns++;
};

export async function measureThroughput(workload: ThroughputWorkload, o: ThroughputOptions): Promise<ThroughputResult> {
  const runsPerRound = o.runsPerRound * workload.runsScale;
  const seeds = Array.from({ length: runsPerRound }, (_, i) => o.firstSeed + i);
  const scenarios = seeds.map((seed) => workload.scenario(o.writer, seed));
  const work = Object.fromEntries(ENGINES.map((e) => [e, { runs: 0, calls: 0, ends: {}, failedRuns: 0 }])) as Record<Engine, EngineWork>;
  let schedulers: Array<fc.Scheduler> = [];
  const freshSchedulers = () => seeds.map((seed) => fc.sample(fc.scheduler(), { seed, numRuns: 1 })[0]);

  const engines: Record<Engine, () => Promise<void>> = {
    'rollout-sim': async () => {
      for (const scenario of scenarios) {
        const run = await simulate(o.writer, scenario);
        tally(work['rollout-sim'], run.end.kind, run.calls.length, checkAll(run).length > 0);
      }
    },
    peer: async () => {
      for (let i = 0; i < scenarios.length; i++) {
        const { workload: w, startEpochMs, utcOffsetMinutes } = scenarios[i];
        const run = await peerRun(o.writer, w, schedulers[i], { epochMs: startEpochMs, utcOffsetMinutes });
        tally(work.peer, run.end.kind, run.calls.length, checkAll(run).length > 0);
      }
    },
    raw: async () => {
      for (const { workload: w, startEpochMs, utcOffsetMinutes } of scenarios) {
        const raw = await rawRun(o.writer, w, { epochMs: startEpochMs, utcOffsetMinutes });
        tally(work.raw, 'completed', raw.calls, false);
      }
    },
  };
  const prepare = (engine: Engine) => {
    if (engine === 'peer') schedulers = freshSchedulers();
  };

  await interleavedRounds(engines, o.warmupRounds, { prepare, onRound: (r) => o.onProgress?.(`throughput ${workload.name}: warm-up round ${r + 1} of ${o.warmupRounds}`) });
  for (const w of Object.values(work)) Object.assign(w, { runs: 0, calls: 0, ends: {}, failedRuns: 0 });

  const rounds = await interleavedRounds(engines, o.rounds, {
    prepare,
    onRound: (r) => o.onProgress?.(`throughput ${workload.name}: round ${r + 1} of ${o.rounds}`),
  });
  const runsPerCpuSecond = Object.fromEntries(ENGINES.map((e) => [e, spread(rounds.map((r) => runsPerRound / (r.cpuMs[e] / 1000)))])) as Record<Engine, Spread>;
  return {
    workload: workload.name,
    description: workload.description,
    writer: o.writer.name,
    runsPerRound,
    warmupRounds: o.warmupRounds,
    seeds: { first: seeds[0], last: seeds[seeds.length - 1] },
    rounds,
    runsPerCpuSecond,
    simOverPeer: costRatio(rounds, 'rollout-sim', 'peer'),
    simOverRaw: costRatio(rounds, 'rollout-sim', 'raw'),
    work,
  };
}
