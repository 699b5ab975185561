// The regression corpus in a campaign: its entries are replayed before anything is
// generated (only this writer's, of this profile), and one entry can be replayed alone.
import { ALL_INVARIANTS, checkAll, type Invariant } from '../invariants/index';
import { simulate } from '../sim/simulation';
import { usesSession } from '../sim/workload';
import type { LogWriterFactory } from '../sim/writer-contract';
import type { CampaignOptions } from './campaign';
import type { Corpus, CorpusEntry } from './corpus';
import { confirmFailure } from './determinism-check';
import { corpusReplayCommand, failureOf, type Failure, type WriterRef } from './failure';
import type { ProfileName } from './profiles';
import type { CorpusSkipReason, RunStats } from './run-stats';

export class UnknownCorpusEntryError extends Error {
  override name = 'UnknownCorpusEntryError';
  constructor(id: string, location: string, profiles?: { asked: string; found: string }) {
    super(
      profiles
        ? `entry ${JSON.stringify(id)} of the regression corpus ${location} was found with profile ${profiles.found}, not ${profiles.asked}`
        : `no entry ${JSON.stringify(id)} in the regression corpus ${location}`,
    );
  }
}

/** Runs a corpus entry's scenario against the writer; a Failure if any invariant breaks. */
async function checkEntry(
  o: Pick<CampaignOptions, 'writer' | 'ref'>,
  corpus: Corpus,
  entry: CorpusEntry,
  invariants: readonly Invariant[],
  stats?: RunStats,
): Promise<Failure | undefined> {
  const run = await simulate(o.writer, entry.scenario);
  const violations = checkAll(run, invariants);
  if (violations.length === 0) return undefined;
  const failed = await confirmFailure(o.writer, { run, violations }, (diverged) => stats?.recordDeterminismCheck(diverged));
  const at = { seed: entry.seed, path: entry.path, profile: profileOf(entry) };
  return failureOf(failed.run, failed.violations, entry.scenario, at, 'corpus', corpusReplayCommand(o.ref, corpus.location, entry.id, at.profile));
}

/** The profile an entry was found under: entries saved before profiles were named are the default's. */
function profileOf(entry: CorpusEntry): ProfileName {
  return entry.profile ?? 'default';
}

/**
 * Why a campaign does not replay an entry, if it does not: the entry is another writer's
 * (its scenario says nothing about this one, and a user's writer is not to be failed by
 * the shipped variants' bugs), or another profile's (this campaign is not exploring that
 * shape), or it needs a session this writer has not.
 */
function corpusSkipReason(o: CampaignOptions, entry: CorpusEntry): CorpusSkipReason | undefined {
  if (entry.writer !== o.writer.name) return 'other-writer';
  if (profileOf(entry) !== (o.profile ?? 'default')) return 'other-profile';
  if (usesSession(entry.scenario.workload) && o.writer.hasSession !== true) return 'needs-session';
  return undefined;
}

export async function replayCorpus(o: CampaignOptions, invariants: readonly Invariant[], stats: RunStats): Promise<Failure | undefined> {
  if (!o.corpus) return undefined;
  for (const entry of o.corpus.entries) {
    const skip = corpusSkipReason(o, entry);
    if (skip) {
      stats.recordCorpusSkip(skip);
      continue;
    }
    o.onRunStart?.({ run: `regression-corpus entry ${entry.id}`, replay: corpusReplayCommand(o.ref, o.corpus.location, entry.id, profileOf(entry)) });
    const failure = await checkEntry(o, o.corpus, entry, invariants, stats);
    stats.recordCorpusRun();
    o.onProgress?.(stats);
    if (failure) return failure;
  }
  return undefined;
}

/** Re-runs a saved corpus entry's scenario against the writer; `profile`, if given, must be the entry's. */
export async function replayCorpusEntry(
  writer: LogWriterFactory,
  ref: WriterRef,
  corpus: Corpus,
  id: string,
  profile?: ProfileName,
): Promise<Failure | undefined> {
  // Ids are trace hashes, so two writers' entries practically never share one; the writer's own comes first if they do.
  const entry = corpus.entries.find((e) => e.id === id && e.writer === writer.name) ?? corpus.entries.find((e) => e.id === id);
  if (!entry) throw new UnknownCorpusEntryError(id, corpus.location);
  const found = profileOf(entry);
  if (profile !== undefined && profile !== found) throw new UnknownCorpusEntryError(id, corpus.location, { asked: profile, found });
  return checkEntry({ writer, ref }, corpus, entry, ALL_INVARIANTS);
}
