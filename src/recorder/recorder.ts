// The recorder handle. `create` and `resume` start one writer; `clone` hands out more
// handles to it. Every call goes through the variant's lifecycle (lifecycle.ts).
import type { Env } from '../env/env';
import { BoundedChannel, CHANNEL_CAPACITY } from './channel';
import { RolloutFileNotFoundError, RolloutPathIsDirectoryError, UnknownVariantError } from './errors';
import { lifecycleFor, VARIANT_NAMES, type Lifecycle, type VariantName } from './lifecycle';
import type { BarrierOutcome, RecordOutcome } from './outcome';
import { codexPolicy, type PersistencePolicy, type RolloutItem, type SessionMeta } from './rollout-item';
import { isoTimestamp, serialiseItems, serialiseLine } from './rollout-line';
import { checkedResumePath, rolloutLocation } from './rollout-path';
import { RolloutWriter, type WriterCommand } from './writer';

/** `rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl`, as `rolloutLocation` names a new session's file. */
const ROLLOUT_FILE_NAME = /^rollout-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-(.+)\.jsonl$/;

export interface RecorderOptions {
  variant?: VariantName;
  policy?: PersistencePolicy;
  /** Defaults to 256, as upstream; tests lower it to reach backpressure quickly. */
  channelCapacity?: number;
}

export interface CreateParams extends RecorderOptions {
  /** The agent's home; rollouts go under `<home>/sessions`. */
  home: string;
  /** Defaults to a fresh id from the env. Must be a plain id: no separators, no dots. */
  sessionId?: string;
  cwd?: string;
  originator?: string;
  cliVersion?: string;
}

export interface ResumeParams extends RecorderOptions {
  home: string;
  /** A rollout file under `<home>/sessions`, absolute or relative to it. */
  path: string;
}

export function parseVariant(name: string): VariantName {
  const found = VARIANT_NAMES.find((v) => v === name);
  if (!found) throw new UnknownVariantError(name, VARIANT_NAMES);
  return found;
}

interface Shared {
  env: Env;
  lifecycle: Lifecycle;
  policy: PersistencePolicy;
  writer: RolloutWriter;
  sessionId: string;
}

export class RolloutRecorder {
  private constructor(private readonly shared: Shared) {}

  static async create(env: Env, params: CreateParams): Promise<RolloutRecorder> {
    const sessionId = params.sessionId ?? env.ids.uuid();
    const now = env.clock.now();
    const location = rolloutLocation(params.home, sessionId, now, env.clock.utcOffsetMinutes(now));
    const meta: SessionMeta = {
      id: sessionId,
      timestamp: isoTimestamp(now),
      cwd: params.cwd ?? '/',
      originator: params.originator ?? 'rollout-sim',
      cli_version: params.cliVersion ?? '0.0.0',
    };
    const metaLine = serialiseLine(isoTimestamp(now), 'session_meta', meta, 0);
    return RolloutRecorder.start(env, params, sessionId, { location, metaLine });
  }

  static async resume(env: Env, params: ResumeParams): Promise<RolloutRecorder> {
    const file = checkedResumePath(params.home, params.path);
    const size = await env.fs.stat(file).then(
      (s) => {
        if (s.isDirectory()) throw new RolloutPathIsDirectoryError(file);
        return s.size;
      },
      (err: unknown) => {
        if ((err as { code?: string }).code === 'ENOENT') throw new RolloutFileNotFoundError(file);
        throw err;
      },
    );
    const handle = await env.fs.open(file, 'a');
    const dir = file.slice(0, file.lastIndexOf('/'));
    const name = file.slice(file.lastIndexOf('/') + 1);
    // A file named as `create` names it carries the session id after its time stamp; any other name is the id whole.
    const sessionId = ROLLOUT_FILE_NAME.exec(name)?.[1] ?? name.replace(/\.jsonl$/, '');
    return RolloutRecorder.start(env, params, sessionId, { location: { dir, file }, resumed: { handle, size } });
  }

  private static start(
    env: Env,
    options: RecorderOptions,
    sessionId: string,
    file: ConstructorParameters<typeof RolloutWriter>[2],
  ): RolloutRecorder {
    const channel = new BoundedChannel<WriterCommand>(options.channelCapacity ?? CHANNEL_CAPACITY);
    const writer = new RolloutWriter(env, channel, file);
    void writer.start();
    return new RolloutRecorder({
      env,
      lifecycle: lifecycleFor(options.variant ?? 'reference', channel),
      policy: options.policy ?? codexPolicy,
      writer,
      sessionId,
    });
  }

  get variant(): VariantName {
    return this.shared.lifecycle.variant;
  }

  get sessionId(): string {
    return this.shared.sessionId;
  }

  /** Where the rollout is (or will be, once created). */
  get path(): string {
    return this.shared.writer.path;
  }

  get env(): Env {
    return this.shared.env;
  }

  clone(): RolloutRecorder {
    return new RolloutRecorder(this.shared);
  }

  /** Resolves once the items are queued. Rejects at once, queuing nothing, if any item cannot be serialised. */
  recordItems(items: readonly RolloutItem[]): Promise<RecordOutcome> {
    const { policy, env, lifecycle } = this.shared;
    let lines: string[];
    try {
      // Every item is checked, even those the policy drops, so bad input is never silent.
      const serialised = serialiseItems(items, isoTimestamp(env.clock.now()));
      lines = serialised.filter((_, i) => policy.persists(items[i]));
    } catch (err) {
      return Promise.reject(err);
    }
    if (lines.length === 0) return Promise.resolve({ status: 'filtered' });
    return lifecycle.record(lines);
  }

  persist(): Promise<BarrierOutcome> {
    return this.shared.lifecycle.barrier('persist');
  }

  flush(): Promise<BarrierOutcome> {
    return this.shared.lifecycle.barrier('flush');
  }

  shutdown(): Promise<BarrierOutcome> {
    return this.shared.lifecycle.shutdown();
  }

  discard(): Promise<BarrierOutcome> {
    return this.shared.lifecycle.discard();
  }
}
