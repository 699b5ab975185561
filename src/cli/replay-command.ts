// `rollout-sim replay`: re-runs a failure exactly as it was found -- by seed and path, or
// by a regression-corpus entry -- and prints the same trace and the same trace-hash line.
import { checkReplayPath, replayFailure } from '../campaign/campaign';
import { replayCorpusEntry } from '../campaign/corpus-replay';
import { Corpus, defaultCorpusPath } from '../campaign/corpus';
import { formatFailure, generatorName } from '../campaign/failure';
import type { ProfileName, StrategyMix } from '../campaign/profiles';
import { nodeTextFile } from '../env/node-env';
import { IN_PROCESS, type CliHooks } from './cli-hooks';
import { checkHtmlPath, writeFailureHtml } from './html-option';
import { resolveWriter, WriterChoiceError, writerRefFrom } from './writer-ref';

export interface ReplayOptions {
  variant?: string;
  recorder?: string;
  /** A built-in npm logger, `package@version`. */
  target?: string;
  seed?: number;
  path?: string;
  /** With --seed/--path: the profile they were found under (default: default). With --entry: checked against the entry's. */
  profile?: ProfileName;
  /** With --seed/--path: the strategies the campaign drew from (default mixed). */
  strategy?: StrategyMix;
  /** Default: the bundled corpus for a variant, the user's own (USER_CORPUS) for a module. */
  corpus?: string;
  entry?: string;
  /** Write the replayed failure as an HTML report here. */
  html?: string;
}

/** From this run index on, walking to the path takes long enough to say so first. */
const FAR_PATH = 1_000_000;

export async function replayCommand(o: ReplayOptions, out: (line: string) => void, cwd = process.cwd(), hooks: CliHooks = IN_PROCESS): Promise<number> {
  const ref = writerRefFrom(o);
  const say = { out, err: (line: string) => hooks.err(line) };
  checkHtmlPath(o.html);
  const writer = resolveWriter(ref, cwd);
  let failure;
  if (o.entry !== undefined) {
    const corpus = await Corpus.open(nodeTextFile(o.corpus ?? defaultCorpusPath(ref), cwd));
    hooks.onRunStart?.({ run: `regression-corpus entry ${o.entry}` });
    failure = await replayCorpusEntry(writer, ref, corpus, o.entry, o.profile);
  } else if (o.seed !== undefined && o.path !== undefined) {
    const profile = o.profile ?? 'default';
    const index = checkReplayPath(o.seed, o.path, profile);
    if (index >= FAR_PATH) out(`replaying seed ${o.seed} path ${o.path} (profile ${profile}): fast-check first draws the ${index} runs before it`);
    failure = await replayFailure(writer, ref, { seed: o.seed, path: o.path, profile, strategy: o.strategy }, hooks.onRunStart);
  } else {
    throw new WriterChoiceError('say which failure to replay: --seed S --path P, or --entry ID (with --corpus FILE)');
  }
  if (!failure) {
    // Say only what is known: a corpus entry did fail once; a seed and path may never have.
    out(
      o.entry !== undefined
        ? `every invariant held: regression-corpus entry ${o.entry} no longer fails with ${writer.name}`
        : `every invariant held at seed ${o.seed} path ${o.path} (${generatorName(o.profile ?? 'default', o.strategy)}) with ${writer.name}`,
    );
    return writeFailureHtml(o.html, undefined, ref, 0, say);
  }
  out(formatFailure(failure));
  return writeFailureHtml(o.html, failure, ref, 1, say);
}
