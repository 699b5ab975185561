// `rollout-sim trace` prints one run's trace, then `trace-hash: <hex>`;
// `rollout-sim hashes` prints the trace hash of a range of seeds, one per line, to compare
// machines and processes. Both take the writer (--variant or --recorder) and the profile
// as `run` does, so a seed means the same scenario here as in a campaign.
import { boundsFor, type ProfileName, type StrategyMix } from '../campaign/profiles';
import { describeFault } from '../sim/fault-plan';
import { scenarioForSeed } from '../sim/scenario-arbitrary';
import { describeEnd, simulate } from '../sim/simulation';
import { TRACE_FORMAT } from '../sim/trace';
import { describeWorkload } from '../sim/workload';
import { IN_PROCESS, type CliHooks } from './cli-hooks';
import { resolveWriter, writerRefFrom } from './writer-ref';

export type TraceFormat = 'text' | 'jsonl';

/** Which writer, and under which profile: the same flags as `run`. */
export interface WriterSelection {
  variant?: string;
  recorder?: string;
  /** A built-in npm logger, `package@version`. */
  target?: string;
  profile: ProfileName;
  /** Which scheduling strategies the seed draws from (default mixed), as `run --strategy`. */
  strategy?: StrategyMix;
}

export interface TraceOptions extends WriterSelection {
  seed: number;
  format: TraceFormat;
}

export interface HashesOptions extends WriterSelection {
  from: number;
  count: number;
}

function selected(o: WriterSelection, cwd: string) {
  const ref = writerRefFrom(o);
  const writer = resolveWriter(ref, cwd);
  const bounds = boundsFor(writer, o.profile, o.strategy);
  return { ref, writer, scenarioOf: (seed: number) => scenarioForSeed(seed, bounds) };
}

export async function traceCommand(opts: TraceOptions, out: (line: string) => void, cwd = process.cwd(), hooks: CliHooks = IN_PROCESS): Promise<number> {
  const { ref, writer, scenarioOf } = selected(opts, cwd);
  const scenario = scenarioOf(opts.seed);
  hooks.onRunStart?.({ run: `seed ${opts.seed} (profile ${opts.profile})` });
  const result = await simulate(writer, scenario);
  if (opts.format === 'jsonl') {
    out(JSON.stringify(TRACE_FORMAT));
    out(result.trace.toJsonLines().trimEnd());
  } else {
    const who = 'variant' in ref ? `variant: ${writer.name}` : 'target' in ref ? `target: ${writer.name}` : `recorder: ${ref.recorder} (${writer.name})`;
    const profile = opts.profile === 'default' ? '' : `  profile: ${opts.profile}`;
    out(`${who}  seed: ${opts.seed}  strategy: ${scenario.strategy.kind}${profile}`);
    out(`workload: ${describeWorkload(scenario.workload)}`);
    out(`faults: ${scenario.faults.faults.map(describeFault).join('; ') || 'none'}`);
    out(result.trace.toText());
    out(`result: ${describeEnd(result.end)} after ${result.steps} steps`);
  }
  out(`trace-hash: ${result.hash}`);
  return 0;
}

export async function hashesCommand(opts: HashesOptions, out: (line: string) => void, cwd = process.cwd(), hooks: CliHooks = IN_PROCESS): Promise<number> {
  const { writer, scenarioOf } = selected(opts, cwd);
  for (let seed = opts.from; seed < opts.from + opts.count; seed++) {
    hooks.onRunStart?.({ run: `seed ${seed} (profile ${opts.profile})` });
    out(`${seed} ${(await simulate(writer, scenarioOf(seed))).hash}`);
  }
  return 0;
}
