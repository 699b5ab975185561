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

  test('200,000 waiters get the lock in the order they asked, and handing it on never moves the queue', async () => {
    // As for the channel's waiting senders: a session whose callers do not await queues
    // them all on this lock, and Array.prototype.shift would make each hand-over O(n).
    const n = 200_000;
    const mutex = new AsyncMutex();
    const release = await mutex.acquire();
    const order: number[] = [];
    const shifts = jest.spyOn(Array.prototype, 'shift');
    try {
      let last: Promise<void> = Promise.resolve();
      for (let i = 0; i < n; i++) last = mutex.acquire().then((next) => (order.push(i), next()));
      release();
      // Hand-overs are microtasks only, so nothing else runs (and shifts) until the last one.
      await last;
      expect(shifts).not.toHaveBeenCalled();
    } finally {
      shifts.mockRestore();
    }
    expect(order).toHaveLength(n);
    expect(order.every((v, i) => v === i)).toBe(true);
  });
});
