import { BoundedChannel } from './channel';
import { ChannelClosedError } from './errors';

describe('BoundedChannel', () => {
  test('delivers in FIFO order and admits waiting senders in arrival order', async () => {
    const channel = new BoundedChannel<number>(2);
    const admitted: number[] = [];
    for (const n of [1, 2, 3, 4]) void channel.send(n, 'n').then(() => admitted.push(n));
    await Promise.resolve();
    expect(admitted).toEqual([1, 2]);
    expect(channel.waitingSenderCount).toBe(2);
    const received = [await channel.recv(), await channel.recv(), await channel.recv(), await channel.recv()];
    expect(received).toEqual([1, 2, 3, 4]);
    expect(admitted).toEqual([1, 2, 3, 4]);
  });

  test('close rejects waiting and later senders, wakes the receiver, and hands back what was queued', async () => {
    const channel = new BoundedChannel<string>(1);
    await channel.send('queued', 'item');
    const waiting = channel.send('waiting', 'the waiting item');
    expect(channel.close()).toEqual(['queued']);
    await expect(waiting).rejects.toThrow(new ChannelClosedError('the waiting item'));
    await expect(channel.send('late', 'rollout items')).rejects.toThrow('failed to queue rollout items: channel closed');
    expect(await channel.recv()).toBeUndefined();
  });

  test('a receiver waiting on an empty channel gets the next value, or undefined at close', async () => {
    const channel = new BoundedChannel<string>(4);
    const first = channel.recv();
    await channel.send('x', 'x');
    expect(await first).toBe('x');
    const second = channel.recv();
    channel.close();
    expect(await second).toBeUndefined();
  });

  test('refuses a capacity that is not a positive integer', () => {
    expect(() => new BoundedChannel(0)).toThrow(/positive integer, got 0/);
  });

  test('has one receiver: a second recv while one waits is refused, and the first still gets the next value', async () => {
    const channel = new BoundedChannel<string>(4);
    const first = channel.recv();
    expect(() => channel.recv()).toThrow('BoundedChannel has a single receiver; recv() was called while another recv() waits');
    await channel.send('x', 'x');
    expect(await first).toBe('x');
  });

  test('waiting senders are admitted one per value received, in arrival order, as the queue wraps around', async () => {
    const channel = new BoundedChannel<number>(2);
    const admitted: number[] = [];
    const received: (number | undefined)[] = [];
    for (let n = 0; n < 7; n++) void channel.send(n, `n${n}`).then(() => admitted.push(n));
    await Promise.resolve();
    expect(admitted).toEqual([0, 1]);
    for (let round = 0; round < 3; round++) {
      received.push(await channel.recv());
      // one admitted for the value taken, one more waiting behind it
      expect(channel.waitingSenderCount).toBe(4);
      void channel.send(100 + round, 'late').then(() => admitted.push(100 + round));
    }
    await Promise.resolve();
    expect(admitted).toEqual([0, 1, 2, 3, 4]);
    while (received.length < 10) received.push(await channel.recv());
    expect(received).toEqual([0, 1, 2, 3, 4, 5, 6, 100, 101, 102]);
    expect(admitted).toEqual([0, 1, 2, 3, 4, 5, 6, 100, 101, 102]);
  });

  test('close rejects every waiting sender, each naming its own value, in arrival order', async () => {
    const channel = new BoundedChannel<number>(1);
    void channel.send(0, 'queued');
    const rejected: string[] = [];
    const waiting = [1, 2, 3].map((n) => channel.send(n, `value ${n}`).catch((err: Error) => void rejected.push(err.message)));
    expect(channel.waitingSenderCount).toBe(3);
    expect(channel.close()).toEqual([0]);
    expect(channel.waitingSenderCount).toBe(0);
    await Promise.all(waiting);
    expect(rejected).toEqual(['failed to queue value 1: channel closed', 'failed to queue value 2: channel closed', 'failed to queue value 3: channel closed']);
  });

  test('200,000 senders that do not await are taken in order, and no operation moves the whole queue', async () => {
    // Array.prototype.shift copies every element left: waiting senders kept in an array
    // cost O(n) each to admit, and a million took minutes. Count the calls that move an
    // array's elements while the channel fills and drains.
    const n = 200_000;
    const channel = new BoundedChannel<number>(256);
    const received: number[] = [];
    let admitted = 0;
    const spies = (['shift', 'unshift', 'splice'] as const).map((name) => jest.spyOn(Array.prototype, name));
    try {
      for (let i = 0; i < n; i++) void channel.send(i, 'n').then(() => admitted++);
      expect(channel.waitingSenderCount).toBe(n - 256);
      // recv takes its value at once; only the promise it returns settles later.
      for (let i = 0; i < n; i++) void channel.recv().then((v) => received.push(v as number));
      expect(spies.map((s) => s.mock.calls.length)).toEqual([0, 0, 0]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(admitted).toBe(n);
    expect(received).toHaveLength(n);
    expect(received.every((v, i) => v === i)).toBe(true);
  });
});
