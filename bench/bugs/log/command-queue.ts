// The bounded FIFO between the catalogue's append-log handles and its one background
// worker: senders wait while it is full (backpressure), in the order they came, as a
// tokio mpsc channel does. Capacity 256, as the rollout recorder's channel. Written apart
// from src/recorder/channel.ts so the catalogue's bugs are in code the harness never saw.

export const QUEUE_CAPACITY = 256;

export class CommandQueue<T> {
  protected readonly items: T[] = [];
  private head = 0;
  private readonly waitingSenders: Array<{ value: T; admit: () => void }> = [];
  private waitingTaker: ((value: T) => void) | undefined;

  constructor(readonly capacity: number = QUEUE_CAPACITY) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** Resolves once `value` is queued; waits, in arrival order, while the queue is full. */
  send(value: T): Promise<void> {
    if (this.waitingTaker) {
      const take = this.waitingTaker;
      this.waitingTaker = undefined;
      take(value);
      return Promise.resolve();
    }
    if (this.length < this.capacity) {
      this.items.push(value);
      return Promise.resolve();
    }
    return new Promise((admit) => this.waitingSenders.push({ value, admit }));
  }

  /** The next value, waiting for one if the queue is empty. One taker at a time. */
  take(): Promise<T> {
    if (this.length > 0) {
      const value = this.items[this.head++];
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        // Reclaim the taken prefix now and then, so a long run stays O(1) amortised.
        this.items.splice(0, this.head);
        this.head = 0;
      }
      const next = this.waitingSenders.shift();
      if (next) {
        this.items.push(next.value);
        next.admit();
      }
      return Promise.resolve(value);
    }
    return new Promise((resolve) => (this.waitingTaker = resolve));
  }
}
