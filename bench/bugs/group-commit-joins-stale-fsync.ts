// BUG: group commit done wrong. A flush writes its bytes, then, finding an fsync already
// in flight, waits for that one instead of starting its own -- "it will sync our bytes
// too". It will not, on Linux: fsync promises what was written before it was called,
// and that fsync was called before this flush's bytes were written.
// Where: the batching log's flush, fsyncing outside the write chain to share fsyncs.
// To find it: two flushes whose fsyncs overlap, the second's write landing while the
// first's fsync is in flight -- and a file system model in which an fsync covers only
// the bytes written before it was called, which rollout-sim's is since this bug showed
// it applied an fsync's effect when it completed (seed 1 finds it on run 2,754).
// Built on: the catalogue's batching log (log/buffered-log.ts); fixed twin: that log.
import { BufferedLog, bufferedLogWriter } from './log/buffered-log';
import type { Barrier } from './log/log-file';
import type { CallOutcome } from '../../src/sim/writer-contract';

class SharedSyncLog extends BufferedLog {
  private syncing: Promise<CallOutcome> | undefined;

  override async barrier(kind: Exclude<Barrier, 'shutdown'>): Promise<CallOutcome> {
    if (kind !== 'flush') return super.barrier(kind);
    const written = await super.barrier('persist');
    if (written.status !== 'ok') return written;
    this.syncing ??= this.syncNow().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async syncNow(): Promise<CallOutcome> {
    try {
      await this.sync(await this.file());
      return this.syncError === undefined ? { status: 'ok' } : this.failure('flush', []);
    } catch {
      return this.failure('flush', []);
    }
  }
}

export const writer = bufferedLogWriter('group-commit-joins-stale-fsync', SharedSyncLog);
