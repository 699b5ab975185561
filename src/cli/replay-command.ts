// `rollout-sim replay`: re-runs a failure exactly as it was found -- by seed and path, or
// by a regression-corpus entry -- and prints the same trace and the same trace-hash line.
import { replayCorpusEntry, replayFailure } from '../campaign/campaign';
import { Corpus, defaultCorpusPath } from '../campaign/corpus';
import { formatFailure } from '../campaign/failure';
import type { ProfileName } from '../campaign/profiles';
import { nodeTextFile } from '../env/node-env';
import { resolveWriter, WriterChoiceError, writerRefFrom } from './writer-ref';

export interface ReplayOptions {
  variant?: string;
  recorder?: string;
  seed?: number;
  path?: string;
  /** With --seed/--path: the profile they were found under (default: default). With --entry: checked against the entry's. */
  profile?: ProfileName;
  /** Default: the bundled corpus for a variant, the user's own (USER_CORPUS) for a module. */
  corpus?: string;
  entry?: string;
}

export async function replayCommand(o: ReplayOptions, out: (line: string) => void, cwd = process.cwd()): Promise<number> {
  const ref = writerRefFrom(o);
  const writer = resolveWriter(ref, cwd);
  let failure;
  if (o.entry !== undefined) {
    const corpus = await Corpus.open(nodeTextFile(o.corpus ?? defaultCorpusPath(ref), cwd));
    failure = await replayCorpusEntry(writer, ref, corpus, o.entry, o.profile);
  } else if (o.seed !== undefined && o.path !== undefined) {
    failure = await replayFailure(writer, ref, { seed: o.seed, path: o.path, profile: o.profile ?? 'default' });
  } else {
    throw new WriterChoiceError('say which failure to replay: --seed S --path P, or --entry ID (with --corpus FILE)');
  }
  if (!failure) {
    out(`every invariant held: ${writer.name} no longer fails there`);
    return 0;
  }
  out(formatFailure(failure));
  return 1;
}
