// Each catalogue bug's fixed twin: the same writer with the slip taken out. A campaign that
// fails a bug must pass its twin on the same seeds and runs (measure.ts --twins, and the
// catalogue test for the shallow ones), or the failure would be the harness's, not the bug's.
import { runCampaign, type CampaignResult } from '../../src/campaign/campaign';
import type { LogWriterFactory } from '../../src/sim/writer-contract';
import type { CatalogueBug } from './catalogue';
import { appendLog } from './log/append-log';
import { bufferedLog } from './log/buffered-log';
import { reference } from './log/recorder-over';

const TWINS: Readonly<Record<string, LogWriterFactory>> = {
  'clone-copies-lifecycle': appendLog,
  'flush-resolves-when-queued': appendLog,
  'concurrent-flush-joins-queued-one': appendLog,
  'second-shutdown-resolves-at-once': appendLog,
  'shutdown-skips-busy-worker': appendLog,
  'full-queue-drops-newest': appendLog,
  'shutdown-jumps-full-queue': appendLog,
  'short-write-restarts-buffer': appendLog,
  'torn-write-retried-whole': appendLog,
  'written-counts-requested-bytes': appendLog,
  'fsync-error-forgotten': appendLog,
  'meta-line-on-every-open': appendLog,
  'failed-batch-retried-last': appendLog,
  'reader-rejects-torn-tail': appendLog,
  'binding-write-claims-all': reference,
  'binding-sync-swallows-eio': reference,
  'flush-skips-empty-batch': bufferedLog,
  'timed-write-skips-the-chain': bufferedLog,
  'write-timeout-writes-again': bufferedLog,
  'group-commit-joins-stale-fsync': bufferedLog,
};

export class NoFixedTwinError extends Error {
  override name = 'NoFixedTwinError';
  constructor(name: string) {
    super(`no fixed twin is named for the catalogue bug ${JSON.stringify(name)}: add it to bench/bugs/twins.ts`);
  }
}

/** The twin of the bug named `name`: the append log, the batching log, or the reference recorder. */
export function fixedTwinOf(name: string): LogWriterFactory {
  const twin = TWINS[name];
  if (!twin) throw new NoFixedTwinError(name);
  return twin;
}

/** The campaign a bug failed -- its profile, `seed`, `runs` runs -- made against its fixed twin, which must pass it. */
export function twinCampaign(bug: CatalogueBug, seed: number, runs: number): Promise<CampaignResult> {
  const twin = fixedTwinOf(bug.name);
  return runCampaign({ writer: twin, ref: { recorder: twin.name }, numRuns: runs, seed, profile: bug.profile ?? 'default' });
}
