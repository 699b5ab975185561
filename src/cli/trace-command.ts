// `rollout-sim trace` prints one run's trace, then `trace-hash: <hex>`;
// `rollout-sim hashes` prints the trace hash of a range of seeds, one per line, to compare
// machines and processes. Both take the writer (--variant or --recorder) and the profile
// as `run` does, so a seed means the same scenario here as in a campaign.
import { boundsFor, type ProfileName, type StrategyMix } from '../campaign/profiles';
import { describeFault } from '../sim/fault-plan';
import { scenarioForSeed } from '../sim/scenario-arbitrary';
import { describeEnd, simulate } from '../sim/simulation';
import { describeWorkload } from '../sim/workload';
import { strategyFlag, writerFlag, type WriterRef } from '../campaign/failure';
import { checkAll } from '../invariants/index';
import { traceJsonl } from '../report/html-report';
import { runReportHtml } from '../report/run-report';
import { IN_PROCESS, type CliHooks } from './cli-hooks';
import { checkHtmlPath, writeHtmlReport } from './html-option';
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
  /** Also write the run, with whatever invariant it broke, as an HTML report here. */
  html?: string;
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
  checkHtmlPath(opts.html);
  const { ref, writer, scenarioOf } = selected(opts, cwd);
  const scenario = scenarioOf(opts.seed);
  hooks.onRunStart?.({ run: `seed ${opts.seed} (profile ${opts.profile})` });
  const result = await simulate(writer, scenario);
  if (opts.format === 'jsonl') {
    out(traceJsonl(result).trimEnd());
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
  if (!opts.html) return 0;
  const origin = { writer: writerFlag(ref), seed: opts.seed, profile: opts.profile, strategy: opts.strategy ?? 'mixed', replayCommand: traceCommandLine(ref, opts) };
  // JSON lines end with the hash line, as a tool reading them expects: the report's line goes to the error stream.
  const say = { out: opts.format === 'jsonl' ? (line: string) => hooks.err(line) : out, err: (line: string) => hooks.err(line) };
  return writeHtmlReport(opts.html, () => runReportHtml(result, origin, checkAll(result)), 0, say);
}

/** The command that prints this trace again: a seed names a run only with its writer, profile and strategy. */
function traceCommandLine(ref: WriterRef, o: TraceOptions): string {
  return `rollout-sim trace ${writerFlag(ref)} --profile ${o.profile}${strategyFlag(o.strategy)} --seed ${o.seed}`;
}

export async function hashesCommand(opts: HashesOptions, out: (line: string) => void, cwd = process.cwd(), hooks: CliHooks = IN_PROCESS): Promise<number> {
  const { writer, scenarioOf } = selected(opts, cwd);
  for (let seed = opts.from; seed < opts.from + opts.count; seed++) {
    hooks.onRunStart?.({ run: `seed ${seed} (profile ${opts.profile})` });
    out(`${seed} ${(await simulate(writer, scenarioOf(seed))).hash}`);
  }
  return 0;
}
