// Integration: the recorder over the real file system, in a temporary directory.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHistory, RolloutRecorder, RolloutSession, userMessage } from '../recorder/index';
import { nodeEnv, systemTimers } from './node-env';

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

describe("Node's timers behind the Env", () => {
  test('setTimeout fires once, after its delay; clearTimeout stops another from firing', async () => {
    const timers = systemTimers();
    const fired: string[] = [];
    const start = Date.now();
    timers.setTimeout(() => fired.push('kept'), 20);
    const cleared = timers.setTimeout(() => fired.push('cleared'), 10);
    timers.clearTimeout(cleared);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(fired).toEqual(['kept']);
    expect(Date.now() - start).toBeGreaterThanOrEqual(20);
  });

  test("nodeEnv's sleep resolves after (about) the time asked for", async () => {
    const start = Date.now();
    await nodeEnv().timers.sleep(25);
    // Node may fire a timer up to a millisecond early by Date.now()'s rounding.
    expect(Date.now() - start).toBeGreaterThanOrEqual(24);
  });
});
