// A failure as a user sees it: which invariant, the seed and path that reproduce it (with
// the profile, without which they name another scenario), the shrunk trace, and the one
// command that replays it.
import type { InvariantName, Violation } from '../invariants/index';
import type { Scenario } from '../sim/scenario';
import type { ProfileName, StrategyMix } from './profiles';
import type { RunResult } from '../sim/simulation';

/** How the command line names the writer: a shipped variant or a user's module. */
export type WriterRef = { variant: string } | { recorder: string } | { target: string };

export interface Failure {
  invariants: InvariantName[];
  violations: Violation[];
  seed: number;
  path: string;
  /** The profile whose generator the seed and path walk: without it they name another scenario. */
  profile: ProfileName;
  /** The strategies the generator drew from; `mixed` unless the campaign narrowed it. */
  strategy: StrategyMix;
  scenario: Scenario;
  /** The run on the shrunk scenario. */
  run: RunResult;
  replayCommand: string;
  /** `search`: found by generating; `corpus`: a saved regression replayed first. */
  source: 'search' | 'corpus';
}

/** A fast-check path as a failure names it: the run's index, then the shrink steps, colon-separated (0:1:3). */
export const FAST_CHECK_PATH = /^\d+(:\d+)*$/;

export function shellQuote(s: string): string {
  return /^[\w./:=@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function writerFlag(ref: WriterRef): string {
  if ('variant' in ref) return `--variant ${shellQuote(ref.variant)}`;
  return 'target' in ref ? `--target ${shellQuote(ref.target)}` : `--recorder ${shellQuote(ref.recorder)}`;
}

/**
 * Replays a saved corpus entry: its scenario is stored whole, so this holds across
 * generator changes. The profile is named so that the command says all the entry does.
 */
export function corpusReplayCommand(ref: WriterRef, corpusLocation: string, entryId: string, profile: ProfileName = 'default'): string {
  return `rollout-sim replay ${writerFlag(ref)} --profile ${profile} --corpus ${shellQuote(corpusLocation)} --entry ${entryId}`;
}

/** A seed and path name a scenario only together with the profile (and a narrowed strategy): the command names them. */
export function replayCommand(ref: WriterRef, seed: number, path: string, profile: ProfileName = 'default', strategy: StrategyMix = 'mixed'): string {
  return `rollout-sim replay ${writerFlag(ref)} --profile ${profile}${strategyFlag(strategy)} --seed ${seed} --path ${path}`;
}

/** ` --strategy KIND` for a narrowed strategy; nothing for `mixed`, the default a command line leaves unsaid. */
export function strategyFlag(strategy: StrategyMix = 'mixed'): string {
  return strategy === 'mixed' ? '' : ` --strategy ${strategy}`;
}

/** `profile crash`, or `profile crash, strategy pct` when the campaign narrowed the strategies. */
export function generatorName(profile: ProfileName, strategy: StrategyMix = 'mixed'): string {
  return strategy === 'mixed' ? `profile ${profile}` : `profile ${profile}, strategy ${strategy}`;
}

/** Actor steps of a run: the choices that started or resumed an actor's call. */
export function actorSteps(run: RunResult): number {
  return run.trace.entries.filter((e) => e.kind === 'choice' && (e.picked.startsWith('start:') || e.picked.startsWith('resume:'))).length;
}

/** The failure, then, last, its `trace-hash:` line: the same line `trace` and `replay` end with. */
export function formatFailure(f: Failure): string {
  const lines = [
    `FAILED ${f.invariants.join(', ')} (${f.source === 'corpus' ? 'regression corpus' : 'found by search'})`,
    ...f.violations.map((v) => `  [${v.invariant}] ${v.message}`),
    `  seed: ${f.seed} (${generatorName(f.profile, f.strategy)})`,
    `  path: ${f.path} (${generatorName(f.profile, f.strategy)})`,
    `  shrunk trace (${f.run.steps} steps, ${actorSteps(f.run)} actor steps):`,
    ...f.run.trace.toText().split('\n').map((l) => `    ${l}`),
    `  replay: ${f.replayCommand}`,
    `trace-hash: ${f.run.hash}`,
  ];
  return lines.join('\n');
}

/** A Failure from a failed run and where it was found. */
export function failureOf(
  run: RunResult,
  violations: Violation[],
  scenario: Scenario,
  at: { seed: number; path: string; profile: ProfileName; strategy?: StrategyMix },
  source: Failure['source'],
  command: string,
): Failure {
  return {
    invariants: [...new Set(violations.map((v) => v.invariant))],
    violations,
    seed: at.seed,
    path: at.path,
    profile: at.profile,
    strategy: at.strategy ?? 'mixed',
    scenario,
    run,
    replayCommand: command,
    source,
  };
}
