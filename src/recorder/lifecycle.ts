// How handles reach the writer once shutdown begins: the one thing the three variants do
// differently. Each is a small object shared by every clone of a recorder.
import type { BarrierKind, BarrierOutcome, RecordOutcome } from './outcome';
import type { WriterCommand } from './writer';
import type { BoundedChannel } from './channel';

export const VARIANT_NAMES = ['legacy', 'flag-only', 'reference'] as const;
export type VariantName = (typeof VARIANT_NAMES)[number];

export interface Lifecycle {
  readonly variant: VariantName;
  record(lines: readonly string[]): Promise<RecordOutcome>;
  barrier(kind: Exclude<BarrierKind, 'shutdown' | 'discard'>): Promise<BarrierOutcome>;
  shutdown(): Promise<BarrierOutcome>;
  discard(): Promise<BarrierOutcome>;
}

type Channel = BoundedChannel<WriterCommand>;

async function sendBarrier(channel: Channel, kind: BarrierKind): Promise<BarrierOutcome> {
  let ack!: Extract<WriterCommand, { ack: unknown }>['ack'];
  const done = new Promise<BarrierOutcome>((resolve, reject) => (ack = { resolve, reject }));
  await channel.send({ kind, ack }, `rollout ${kind}`);
  return done;
}

async function sendItems(channel: Channel, lines: readonly string[]): Promise<RecordOutcome> {
  await channel.send({ kind: 'add', lines }, 'rollout items');
  return { status: 'queued', count: lines.length };
}

/** Clones share only the channel: once the writer stops, every call rejects "channel closed". */
class LegacyLifecycle implements Lifecycle {
  readonly variant = 'legacy';
  constructor(private readonly channel: Channel) {}
  record(lines: readonly string[]) {
    return sendItems(this.channel, lines);
  }
  barrier(kind: 'persist' | 'flush') {
    return sendBarrier(this.channel, kind);
  }
  shutdown() {
    return sendBarrier(this.channel, 'shutdown');
  }
  discard() {
    return sendBarrier(this.channel, 'discard');
  }
}

/** What flag-only answers after shutdown began: success, with nothing done. */
const SILENT_OK: BarrierOutcome = { status: 'ok', path: undefined, recoveredFrom: [] };

/** The patch proposed in openai/codex#16300: after the flag is set, calls succeed without doing anything. */
class FlagOnlyLifecycle implements Lifecycle {
  readonly variant = 'flag-only';
  private shutdownStarted = false;
  constructor(private readonly channel: Channel) {}
  record(lines: readonly string[]): Promise<RecordOutcome> {
    if (this.shutdownStarted) return Promise.resolve({ status: 'queued', count: lines.length });
    return sendItems(this.channel, lines);
  }
  barrier(kind: 'persist' | 'flush'): Promise<BarrierOutcome> {
    if (this.shutdownStarted) return Promise.resolve(SILENT_OK);
    return sendBarrier(this.channel, kind);
  }
  shutdown(): Promise<BarrierOutcome> {
    if (this.shutdownStarted) return Promise.resolve(SILENT_OK);
    this.shutdownStarted = true;
    return sendBarrier(this.channel, 'shutdown');
  }
  discard(): Promise<BarrierOutcome> {
    this.shutdownStarted = true;
    return sendBarrier(this.channel, 'discard');
  }
}

/**
 * One lifecycle for all handles: open -> draining -> closed. The state check and the
 * enqueue happen in the same synchronous step, so nothing is queued behind shutdown;
 * every call after shutdown began resolves `closed`; every shutdown shares one result.
 */
class ReferenceLifecycle implements Lifecycle {
  readonly variant = 'reference';
  private state: 'open' | 'draining' | 'closed' = 'open';
  private stopping: Promise<BarrierOutcome> | undefined;
  constructor(private readonly channel: Channel) {}
  record(lines: readonly string[]): Promise<RecordOutcome> {
    if (this.state !== 'open') return Promise.resolve({ status: 'closed' });
    return sendItems(this.channel, lines);
  }
  barrier(kind: 'persist' | 'flush'): Promise<BarrierOutcome> {
    if (this.state !== 'open') return Promise.resolve({ status: 'closed' });
    return sendBarrier(this.channel, kind);
  }
  shutdown(): Promise<BarrierOutcome> {
    return this.stop('shutdown');
  }
  discard(): Promise<BarrierOutcome> {
    return this.stop('discard');
  }
  private stop(kind: 'shutdown' | 'discard'): Promise<BarrierOutcome> {
    if (this.stopping) return this.stopping;
    this.state = 'draining';
    this.stopping = sendBarrier(this.channel, kind).finally(() => {
      this.state = 'closed';
    });
    return this.stopping;
  }
}

export function lifecycleFor(variant: VariantName, channel: Channel): Lifecycle {
  switch (variant) {
    case 'legacy':
      return new LegacyLifecycle(channel);
    case 'flag-only':
      return new FlagOnlyLifecycle(channel);
    case 'reference':
      return new ReferenceLifecycle(channel);
  }
}
