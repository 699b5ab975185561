// The bug catalogue: writers with one realistic bug each, from shallow (found in a few
// runs) to deep (hundreds to thousands), for telling search strategies apart. Every entry
// is a bug a person writes in an async append-log writer; none was shaped to the harness.
// `depth` is what measure.ts found with today's default generator over 20 seeds (median
// runs to first detection: shallow up to 10, medium up to 100, deep beyond; the figures
// and the command are in bench/bugs/README.md); `needs` is what the shrunk
// counterexamples kept. Entries run from shallow to deep.
// Each bug's fixed twin (the same writer without the slip) is in twins.ts.
import type { ProfileName } from '../../src/campaign/profiles';
import type { LogWriterFactory } from '../../src/sim/writer-contract';
import { writer as bindingSyncSwallowsEio } from './binding-sync-swallows-eio';
import { writer as bindingWriteClaimsAll } from './binding-write-claims-all';
import { writer as cloneCopiesLifecycle } from './clone-copies-lifecycle';
import { writer as concurrentFlushJoinsQueuedOne } from './concurrent-flush-joins-queued-one';
import { writer as failedBatchRetriedLast } from './failed-batch-retried-last';
import { writer as flushResolvesWhenQueued } from './flush-resolves-when-queued';
import { writer as flushSkipsEmptyBatch } from './flush-skips-empty-batch';
import { writer as fsyncErrorForgotten } from './fsync-error-forgotten';
import { writer as fullQueueDropsNewest } from './full-queue-drops-newest';
import { writer as groupCommitJoinsStaleFsync } from './group-commit-joins-stale-fsync';
import { writer as metaLineOnEveryOpen } from './meta-line-on-every-open';
import { writer as readerRejectsTornTail } from './reader-rejects-torn-tail';
import { writer as secondShutdownResolvesAtOnce } from './second-shutdown-resolves-at-once';
import { writer as shortWriteRestartsBuffer } from './short-write-restarts-buffer';
import { writer as shutdownSkipsBusyWorker } from './shutdown-skips-busy-worker';
import { writer as timedWriteSkipsTheChain } from './timed-write-skips-the-chain';
import { writer as tornWriteRetriedWhole } from './torn-write-retried-whole';
import { writer as shutdownJumpsFullQueue } from './shutdown-jumps-full-queue';
import { writer as writeTimeoutWritesAgain } from './write-timeout-writes-again';
import { writer as writtenCountsRequestedBytes } from './written-counts-requested-bytes';

export interface CatalogueBug {
  /** Kebab-case, unique: 'ack-before-fsync'. */
  readonly name: string;
  /** One line: the bug as a reviewer would put it. */
  readonly bug: string;
  /** What finding it takes, e.g. ['crash-after-ack'], ['write-fault', 'crash'], ['full-queue'], ['interleaving:3']. */
  readonly needs: readonly string[];
  readonly depth: 'shallow' | 'medium' | 'deep';
  /** The profile a campaign against it uses; 'default' when absent. */
  readonly profile?: ProfileName;
  readonly writer: LogWriterFactory;
}

export const CATALOGUE: readonly CatalogueBug[] = [
  {
    name: 'clone-copies-lifecycle',
    bug: "clone() copies the lifecycle object, so other handles never see the shutdown: their appends answer queued into a queue nobody drains",
    needs: ['two-handles', 'call-after-shutdown'],
    depth: 'shallow',
    writer: cloneCopiesLifecycle,
  },
  {
    name: 'flush-resolves-when-queued',
    bug: 'flush() resolves once its command is queued, not once the worker has written and fsynced',
    needs: ['append', 'flush'],
    depth: 'shallow',
    writer: flushResolvesWhenQueued,
  },
  {
    name: 'second-shutdown-resolves-at-once',
    bug: 'a shutdown that finds the log draining answers ok at once instead of sharing the first shutdown\'s outcome',
    needs: ['concurrent-shutdowns'],
    depth: 'shallow',
    writer: secondShutdownResolvesAtOnce,
  },
  {
    name: 'shutdown-skips-busy-worker',
    bug: 'shutdown fsyncs and closes directly when the queue is empty, while the worker still has the last batch in flight',
    needs: ['interleaving:2'],
    depth: 'shallow',
    writer: shutdownSkipsBusyWorker,
  },
  {
    name: 'full-queue-drops-newest',
    bug: 'a full queue (256) drops the next batch and still answers queued, instead of making the caller wait',
    needs: ['full-queue'],
    depth: 'shallow',
    writer: fullQueueDropsNewest,
  },
  {
    name: 'meta-line-on-every-open',
    bug: 'reopening the file after a failed write writes the metadata line again, mid-file',
    needs: ['io-fault', 'barrier'],
    depth: 'shallow',
    writer: metaLineOnEveryOpen,
  },
  {
    name: 'failed-batch-retried-last',
    bug: 'a batch whose write failed is set aside and retried at the next barrier, after batches written since',
    needs: ['write-fault', 'append', 'barrier'],
    depth: 'shallow',
    writer: failedBatchRetriedLast,
  },
  {
    name: 'shutdown-jumps-full-queue',
    bug: 'barriers skip the wait for room, so a shutdown overtakes appends waiting on a full queue, which are then admitted and lost',
    needs: ['full-queue', 'interleaving:2'],
    depth: 'shallow',
    writer: shutdownJumpsFullQueue,
  },
  {
    name: 'write-timeout-writes-again',
    bug: 'a write that times out is retried while the first attempt is still in flight, so both land',
    needs: ['timer', 'interleaving:2'],
    depth: 'shallow',
    writer: writeTimeoutWritesAgain,
  },
  {
    name: 'short-write-restarts-buffer',
    bug: 'after a short write the loop writes the whole buffer again instead of the rest',
    needs: ['short-write'],
    depth: 'medium',
    writer: shortWriteRestartsBuffer,
  },
  {
    name: 'torn-write-retried-whole',
    bug: 'after a failed write the log retries the whole batch without asking how much of it landed',
    needs: ['torn-write', 'barrier'],
    depth: 'medium',
    writer: tornWriteRetriedWhole,
  },
  {
    name: 'binding-write-claims-all',
    bug: "the fs binding's write() reports the buffer's length, not the bytes written, so a short write's remainder is dropped",
    needs: ['short-write'],
    depth: 'medium',
    writer: bindingWriteClaimsAll,
  },
  {
    name: 'binding-sync-swallows-eio',
    bug: "the fs binding's sync() swallows EIO, so a flush that met a failed fsync answers ok",
    needs: ['fsync-fail', 'flush'],
    depth: 'medium',
    writer: bindingSyncSwallowsEio,
  },
  {
    name: 'flush-skips-empty-batch',
    bug: 'flush returns ok at once when nothing is batched, though the timer\'s write of the last batch is not fsynced',
    needs: ['timer-or-persist', 'flush'],
    depth: 'medium',
    writer: flushSkipsEmptyBatch,
  },
  {
    name: 'concurrent-flush-joins-queued-one',
    bug: 'a flush that finds another flush on its way shares its promise, which does not cover items appended in between',
    needs: ['two-handles', 'interleaving:3'],
    depth: 'medium',
    writer: concurrentFlushJoinsQueuedOne,
  },
  {
    name: 'fsync-error-forgotten',
    bug: 'a failed fsync is reported once and forgotten, so the next flush\'s fsync "succeeds" over dropped pages (fsyncgate)',
    needs: ['fsync-fail:dropped', 'later-barrier'],
    depth: 'deep',
    writer: fsyncErrorForgotten,
  },
  {
    name: 'reader-rejects-torn-tail',
    bug: 'the reader declares the whole file corrupt when its last line is torn, so a crash makes every durable item unreadable',
    needs: ['flush', 'crash:torn-tail'],
    depth: 'deep',
    writer: readerRejectsTornTail,
  },
  {
    name: 'timed-write-skips-the-chain',
    bug: 'the batch timer writes outside the serial file-work chain, so a timed write and a barrier write the same bytes',
    needs: ['timer', 'interleaving:3'],
    depth: 'deep',
    writer: timedWriteSkipsTheChain,
  },
  {
    name: 'written-counts-requested-bytes',
    bug: 'the write loop counts the bytes it asked to write, not those written, so recovery after a later torn write rewrites part of it',
    needs: ['short-write', 'torn-write', 'barrier'],
    depth: 'deep',
    writer: writtenCountsRequestedBytes,
  },
  {
    name: 'group-commit-joins-stale-fsync',
    bug: "a flush that finds an fsync in flight waits for it, though that fsync was called before the flush's bytes were written",
    needs: ['interleaving:4', 'fsync-in-flight'],
    depth: 'deep',
    writer: groupCommitJoinsStaleFsync,
  },
];
