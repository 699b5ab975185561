import { AsyncMutex } from './async-mutex';

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe('AsyncMutex', () => {
  test('bodies that await do not interleave, and waiters run in the order they asked', async () => {
    const mutex = new AsyncMutex();
    const log: string[] = [];
    const body = (name: string) => async () => {
      log.push(`${name} in`);
      await settle();
      log.push(`${name} out`);
    };
    await Promise.all([mutex.withLock(body('a')), mutex.withLock(body('b')), mutex.withLock(body('c'))]);
    expect(log).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
  });

  test('the lock is free again once the last holder releases it, also after a body throws', async () => {
    const mutex = new AsyncMutex();
    await expect(mutex.withLock(() => Promise.reject(new Error('body failed')))).rejects.toThrow('body failed');
    let entered = false;
    await mutex.withLock(() => (entered = true));
    expect(entered).toBe(true);
  });

  test('releasing twice hands the lock on once: the second release does not admit another waiter', async () => {
    const mutex = new AsyncMutex();
    const release = await mutex.acquire();
    const admitted: string[] = [];
    void mutex.acquire().then(() => admitted.push('b'));
    void mutex.acquire().then(() => admitted.push('c'));
    release();
    release();
    await settle();
    expect(admitted).toEqual(['b']);
  });
});
