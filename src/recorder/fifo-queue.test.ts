import { FifoQueue } from './fifo-queue';

describe('FifoQueue', () => {
  test('gives values back oldest first, through wrap-around and growth, and undefined when empty', () => {
    const queue = new FifoQueue<number>();
    const out: (number | undefined)[] = [];
    let next = 0;
    // Push three, take two, over and over: the ring wraps and grows with values in it.
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 3; i++) queue.push(next++);
      out.push(queue.shift(), queue.shift());
    }
    expect(queue.length).toBe(40);
    while (queue.length > 0) out.push(queue.shift());
    expect(out).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(queue.shift()).toBeUndefined();
    expect(queue.length).toBe(0);
  });

  test('drain empties the queue and returns what it held, oldest first', () => {
    const queue = new FifoQueue<string>();
    for (const s of ['a', 'b', 'c', 'd', 'e']) queue.push(s);
    queue.shift();
    queue.push('f');
    expect(queue.drain()).toEqual(['b', 'c', 'd', 'e', 'f']);
    expect(queue.length).toBe(0);
    expect(queue.drain()).toEqual([]);
    queue.push('g');
    expect(queue.shift()).toBe('g');
  });

  test('its storage follows what it holds: a burst of 100,000 is given back once drained', () => {
    const queue = new FifoQueue<number>();
    const idle = queue.allocated;
    for (let i = 0; i < 100_000; i++) queue.push(i);
    expect(queue.allocated).toBeGreaterThanOrEqual(100_000);
    expect(queue.allocated).toBeLessThan(2 * 100_000);
    let inOrder = true;
    for (let i = 0; i < 100_000; i++) inOrder &&= queue.shift() === i;
    expect(inOrder).toBe(true);
    expect(queue.allocated).toBe(idle);
  });

  test('a queue that never holds more than a few values keeps a few slots, however many pass through', () => {
    const queue = new FifoQueue<number>();
    for (let i = 0; i < 200_000; i++) {
      queue.push(i);
      queue.push(i);
      queue.shift();
      queue.shift();
    }
    expect(queue.allocated).toBeLessThanOrEqual(16);
  });
});
