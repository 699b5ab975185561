// Integration: the recorder over the real file system, in a temporary directory.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHistory, RolloutRecorder, RolloutSession, userMessage } from '../recorder/index';
import { nodeEnv } from './node-env';

describe('the reference recorder over node:fs', () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'rollout-sim-'));
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  test('session persists, flushes and shuts down; the file reads back whole, mode 0600', async () => {
    const env = nodeEnv();
    const recorder = await RolloutRecorder.create(env, { home });
    const session = new RolloutSession(recorder);
    await session.persistRolloutItems([userMessage('hello')]);
    await recorder.clone().recordItems([userMessage('world')]);
    expect(await session.flush()).toMatchObject({ status: 'ok', path: recorder.path });
    expect(await session.shutdown()).toMatchObject({ status: 'ok' });
    expect(await recorder.clone().recordItems([userMessage('late')])).toEqual({ status: 'closed' });
    expect(recorder.path.startsWith(join(home, 'sessions'))).toBe(true);
    expect((await stat(recorder.path)).mode & 0o777).toBe(0o600);
    const history = await loadHistory(env.fs, recorder.path);
    expect((history.meta.payload as { id: string }).id).toBe(recorder.sessionId);
    expect(history.items.map((i) => (i.payload as { message: string }).message)).toEqual(['hello', 'world']);
    const resumed = await RolloutRecorder.resume(env, { home, path: recorder.path });
    await resumed.recordItems([userMessage('again')]);
    await resumed.shutdown();
    expect((await loadHistory(env.fs, recorder.path)).items).toHaveLength(3);
  });
});
