// `rollout-sim trace` prints one run's trace, then `trace-hash: <hex>`;
// `rollout-sim hashes` prints the trace hash of a range of seeds, one per line, to compare
// machines and processes.
import { writerForVariant } from '../adapters/variants';
import { scenarioForSeed } from '../sim/scenario-arbitrary';
import { describeEnd, simulate } from '../sim/simulation';
import { describeWorkload } from '../sim/workload';
import { describeFault } from '../sim/fault-plan';

export type TraceFormat = 'text' | 'jsonl';

export async function traceCommand(opts: { variant: string; seed: number; format: TraceFormat }, out: (line: string) => void): Promise<number> {
  const writer = writerForVariant(opts.variant);
  const scenario = scenarioForSeed(opts.seed);
  const result = await simulate(writer, scenario);
  if (opts.format === 'jsonl') {
    out(result.trace.toJsonLines().trimEnd());
  } else {
    out(`variant: ${writer.name}  seed: ${opts.seed}  strategy: ${scenario.strategy.kind}`);
    out(`workload: ${describeWorkload(scenario.workload)}`);
    out(`faults: ${scenario.faults.faults.map(describeFault).join('; ') || 'none'}`);
    out(result.trace.toText());
    out(`result: ${describeEnd(result.end)} after ${result.steps} steps`);
  }
  out(`trace-hash: ${result.hash}`);
  return 0;
}

export async function hashesCommand(opts: { variant: string; from: number; count: number }, out: (line: string) => void): Promise<number> {
  const writer = writerForVariant(opts.variant);
  for (let seed = opts.from; seed < opts.from + opts.count; seed++) {
    out(`${seed} ${(await simulate(writer, scenarioForSeed(seed))).hash}`);
  }
  return 0;
}
