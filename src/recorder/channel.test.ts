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
});
