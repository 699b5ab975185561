import type { Preemption } from '../env/env';
import { memoryEnv } from '../env/memory-env';
import { ChannelClosedError } from './errors';
import { loadHistory } from './history';
import { VARIANT_NAMES, type VariantName } from './lifecycle';
import { RolloutRecorder } from './recorder';
import { userMessage } from './sample-items';
import { RolloutSession } from './session';

const HOME = '/home/agent';

/** Parks callers at preemption points until the test lets them go. */
class ParkingPreemption implements Preemption {
  readonly parked: Array<{ label: string; go: () => void }> = [];
  point(label: string): Promise<void> {
    return new Promise((go) => this.parked.push({ label, go }));
  }
  releaseAll(): void {
    for (const p of this.parked.splice(0)) p.go();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

async function sessionWith(variant: VariantName) {
  const preemption = new ParkingPreemption();
  const env = { ...memoryEnv(), preemption };
  const session = await RolloutSession.create(env, { home: HOME, variant });
  return { env, preemption, session };
}

describe('the #16300 race at the session: a persist cloned before shutdown, enqueued after it', () => {
  async function race(variant: VariantName) {
    const { env, preemption, session } = await sessionWith(variant);
    const recorderPath = (session as unknown as { slot: RolloutRecorder }).slot.path;
    const first = session.persistRolloutItems([userMessage('early')]);
    await settle();
    preemption.releaseAll();
    await first;
    const late = session.persistRolloutItems([userMessage('handed before shutdown')]).catch((e: Error) => e);
    await settle();
    // The trace and the scheduler name the gap by this label.
    expect(preemption.parked.map((p) => p.label)).toEqual(['session.persist:after-clone']);
    const shutdown = session.shutdown();
    await settle();
    preemption.releaseAll();
    const [lateOutcome, shutdownOutcome] = await Promise.all([late, shutdown]);
    const history = await loadHistory(env.fs, recorderPath);
    return { lateOutcome, shutdownOutcome, messages: history.items.map((i) => (i.payload as { message: string }).message) };
  }

  test('legacy: the persist rejects with "channel closed" and the item is lost', async () => {
    const { lateOutcome, messages } = await race('legacy');
    expect(lateOutcome).toBeInstanceOf(ChannelClosedError);
    expect(messages).toEqual(['early']);
  });

  test('flag-only: the persist claims success and the item is lost', async () => {
    const { lateOutcome, messages } = await race('flag-only');
    expect(lateOutcome).toEqual({ status: 'queued', count: 1 });
    expect(messages).toEqual(['early']);
  });

  test('reference: shutdown waits for the persist in flight; the item is in the file', async () => {
    const { lateOutcome, shutdownOutcome, messages } = await race('reference');
    expect(lateOutcome).toEqual({ status: 'queued', count: 1 });
    expect(shutdownOutcome).toMatchObject({ status: 'ok' });
    expect(messages).toEqual(['early', 'handed before shutdown']);
  });
});

describe.each(VARIANT_NAMES)('session basics (%s)', (variant) => {
  test('ensureMaterialized creates the file with only the metadata; calls after shutdown resolve closed', async () => {
    const { env, preemption, session } = await sessionWith(variant);
    const path = (session as unknown as { slot: RolloutRecorder }).slot.path;
    expect(await session.ensureMaterialized()).toMatchObject({ status: 'ok', path });
    expect((await loadHistory(env.fs, path)).items).toEqual([]);
    const persisted = session.persistRolloutItems([userMessage('one')]);
    await settle();
    preemption.releaseAll();
    await persisted;
    expect(await session.flush()).toMatchObject({ status: 'ok' });
    expect(await session.shutdown()).toMatchObject({ status: 'ok' });
    expect(await session.persistRolloutItems([userMessage('late')])).toEqual({ status: 'closed' });
    expect(await session.flush()).toEqual({ status: 'closed' });
    expect((await loadHistory(env.fs, path)).items).toHaveLength(1);
  });
});

describe('three clones calling shutdown at once', () => {
  test('reference: all three resolve alike and the file is complete', async () => {
    const env = memoryEnv();
    const rec = await RolloutRecorder.create(env, { home: HOME, variant: 'reference' });
    await rec.recordItems([userMessage('a')]);
    const results = await Promise.all([rec.shutdown(), rec.clone().shutdown(), rec.clone().shutdown()]);
    expect(results[0]).toMatchObject({ status: 'ok', path: rec.path });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect(await rec.shutdown()).toEqual(results[0]);
    expect((await loadHistory(env.fs, rec.path)).items).toHaveLength(1);
  });

  test('legacy: the shutdowns queued behind the first are dropped and reject', async () => {
    const env = memoryEnv();
    const rec = await RolloutRecorder.create(env, { home: HOME, variant: 'legacy' });
    const results = await Promise.allSettled([rec.shutdown(), rec.clone().shutdown(), rec.clone().shutdown()]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/writer stopped before processing shutdown/);
  });

  test('reference session: shutdowns called together, and any later one, share one result', async () => {
    const { env, session } = await sessionWith('reference');
    const path = (session as unknown as { slot: RolloutRecorder }).slot.path;
    const results = await Promise.all([session.shutdown(), session.shutdown()]);
    expect(results[0]).toEqual({ status: 'ok', path: undefined, recoveredFrom: [] });
    expect(results[1]).toEqual(results[0]);
    expect(await session.shutdown()).toEqual(results[0]);
    expect(env.volume.existsSync(path)).toBe(false);
  });
});
