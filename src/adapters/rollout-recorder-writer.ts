// Binds the rollout recorder (src/recorder) to the simulator's writer contract, so the
// harness drives any of its variants without the simulator importing the recorder.
import type { Env, FileSystem } from '../env/env';
import {
  agentMessageDelta,
  EmptyRolloutFileError,
  loadHistory,
  MissingSessionMetaError,
  RolloutFileNotFoundError,
  RolloutRecorder,
  RolloutSession,
  userMessage,
  type BarrierOutcome,
  type RecordOutcome,
  type RolloutItem,
  type VariantName,
} from '../recorder/index';
import type { CallOutcome, LogHandle, LogWriterFactory, ReadBack, SimItem } from '../sim/writer-contract';

function toRolloutItem(item: SimItem): RolloutItem {
  return item.durable ? userMessage(item.id) : agentMessageDelta(item.id);
}

function fromRecord(o: RecordOutcome): CallOutcome {
  return { status: o.status };
}

function fromBarrier(o: BarrierOutcome): CallOutcome {
  return o.status === 'failed' ? { status: 'failed', message: o.error.message } : { status: o.status };
}

function handleOf(recorder: RolloutRecorder): LogHandle {
  return {
    clone: () => handleOf(recorder.clone()),
    append: (items) => recorder.recordItems(items.map(toRolloutItem)).then(fromRecord),
    persist: () => recorder.persist().then(fromBarrier),
    flush: () => recorder.flush().then(fromBarrier),
    shutdown: () => recorder.shutdown().then(fromBarrier),
  };
}

export async function readRolloutBack(fs: FileSystem, path: string): Promise<ReadBack> {
  try {
    const history = await loadHistory(fs, path);
    return {
      present: true,
      itemIds: history.items.map((i) => {
        const p = i.payload as { message?: string; delta?: string };
        return p.message ?? p.delta ?? `<line ${i.line}>`;
      }),
      metaFirst: history.meta.line === 1 && history.extraMetaLines.length === 0,
      reportedLines: history.skipped.map((s) => s.line),
      endsWithNewline: history.endsWithNewline,
    };
  } catch (err) {
    if (err instanceof RolloutFileNotFoundError || err instanceof EmptyRolloutFileError || err instanceof MissingSessionMetaError) {
      return { present: false, reason: err.message };
    }
    throw err;
  }
}

export function rolloutRecorderWriter(variant: VariantName): LogWriterFactory {
  return {
    name: variant,
    hasSession: true,
    async open(env: Env, home: string) {
      const recorder = await RolloutRecorder.create(env, { home, variant });
      const session = new RolloutSession(recorder);
      return {
        handle: handleOf(recorder),
        path: recorder.path,
        session: {
          persistItems: (items) => session.persistRolloutItems(items.map(toRolloutItem)).then(fromRecord),
          flush: () => session.flush().then(fromBarrier),
          shutdown: () => session.shutdown().then(fromBarrier),
        },
      };
    },
    readBack: readRolloutBack,
  };
}
