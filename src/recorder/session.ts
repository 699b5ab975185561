// The session that owns a recorder: a lock-protected slot holding the handle. Weaker
// variants clone under the lock and record after releasing it -- the gap of
// openai/codex#16300, marked as a preemption point. The reference variant records under
// the lock and makes shutdown wait for every persist call already in flight.
import { AsyncMutex } from './async-mutex';
import type { BarrierOutcome, RecordOutcome } from './outcome';
import { RolloutRecorder } from './recorder';
import type { RolloutItem } from './rollout-item';

export const AFTER_CLONE_POINT = 'session.persist:after-clone';

const CLOSED = { status: 'closed' } as const;

async function recordThrough(clone: RolloutRecorder | undefined, items: readonly RolloutItem[]): Promise<RecordOutcome> {
  if (!clone) return CLOSED;
  await clone.env.preemption.point(AFTER_CLONE_POINT);
  return clone.recordItems(items);
}

export class RolloutSession {
  private slot: RolloutRecorder | undefined;
  private readonly lock = new AsyncMutex();
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopping: Promise<BarrierOutcome> | undefined;

  /** Whether persists are ordered against shutdown (the reference variant) or race it. */
  private readonly ordered: boolean;

  constructor(recorder: RolloutRecorder) {
    this.slot = recorder;
    this.ordered = recorder.variant === 'reference';
  }

  static async create(...args: Parameters<typeof RolloutRecorder.create>): Promise<RolloutSession> {
    return new RolloutSession(await RolloutRecorder.create(...args));
  }

  persistRolloutItems(items: readonly RolloutItem[]): Promise<RecordOutcome> {
    const call = this.ordered ? this.persistOrdered(items) : this.persistCloneThenRecord(items);
    this.inFlight.add(call);
    const forget = () => this.inFlight.delete(call);
    call.then(forget, forget);
    return call;
  }

  /** Clones under the lock, records after releasing it: the #16300 gap. */
  private async persistCloneThenRecord(items: readonly RolloutItem[]): Promise<RecordOutcome> {
    return recordThrough(await this.lock.withLock(() => this.slot?.clone()), items);
  }

  /** Clones and records under the lock, so shutdown (which takes the lock) cannot get in between. */
  private persistOrdered(items: readonly RolloutItem[]): Promise<RecordOutcome> {
    return this.lock.withLock(() => recordThrough(this.slot?.clone(), items));
  }

  /** Creates the rollout file now, even with nothing recorded yet. */
  ensureMaterialized(): Promise<BarrierOutcome> {
    return this.withRecorder((r) => r.persist());
  }

  flush(): Promise<BarrierOutcome> {
    return this.withRecorder((r) => r.flush());
  }

  shutdown(): Promise<BarrierOutcome> {
    if (this.ordered) {
      // Every shutdown caller shares one result; persists handed in before it are drained first.
      this.stopping ??= Promise.allSettled([...this.inFlight]).then(() => this.takeAndShutdown());
      return this.stopping;
    }
    return this.takeAndShutdown();
  }

  private async takeAndShutdown(): Promise<BarrierOutcome> {
    const recorder = await this.lock.withLock(() => {
      const taken = this.slot;
      this.slot = undefined;
      return taken;
    });
    return recorder ? recorder.shutdown() : CLOSED;
  }

  private async withRecorder(call: (r: RolloutRecorder) => Promise<BarrierOutcome>): Promise<BarrierOutcome> {
    const recorder = await this.lock.withLock(() => this.slot?.clone());
    return recorder ? call(recorder) : CLOSED;
  }
}
