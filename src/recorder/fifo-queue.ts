// A first-in first-out queue with O(1) amortised push and shift: a ring buffer that
// doubles when full and halves when three quarters empty. The recorder's waiting callers
// (senders on a full channel, waiters on a lock) queue here: Array.prototype.shift moves
// every element left, so draining n callers from an array costs O(n^2) -- a million
// callers that did not await took minutes.

const MIN_SLOTS = 8;

export class FifoQueue<T> {
  private slots: (T | undefined)[] = new Array<T | undefined>(MIN_SLOTS);
  /** Index of the oldest value; slots.length is a power of two, so indices wrap by mask. */
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** Slots the queue has storage for: at least what it holds, at most four times as many (or the minimum). */
  get allocated(): number {
    return this.slots.length;
  }

  push(value: T): void {
    if (this.count === this.slots.length) this.resize(this.slots.length * 2);
    this.slots[(this.head + this.count) & (this.slots.length - 1)] = value;
    this.count++;
  }

  /** The oldest value, removed; undefined when the queue is empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const value = this.slots[this.head];
    // Give the value up, so a long-lived queue does not keep what it handed out alive.
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) & (this.slots.length - 1);
    this.count--;
    // Halving only at a quarter full keeps a queue hovering at one size from resizing on every call.
    if (this.slots.length > MIN_SLOTS && this.count <= this.slots.length / 4) this.resize(this.slots.length / 2);
    return value;
  }

  /** Removes every value and returns them, oldest first. */
  drain(): T[] {
    const values: T[] = [];
    for (let i = 0; i < this.count; i++) values.push(this.slots[(this.head + i) & (this.slots.length - 1)] as T);
    this.slots = new Array<T | undefined>(MIN_SLOTS);
    this.head = 0;
    this.count = 0;
    return values;
  }

  private resize(size: number): void {
    const next = new Array<T | undefined>(size);
    for (let i = 0; i < this.count; i++) next[i] = this.slots[(this.head + i) & (this.slots.length - 1)];
    this.slots = next;
    this.head = 0;
  }
}
