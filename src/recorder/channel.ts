// A bounded FIFO channel with one receiver, modelled on tokio's mpsc: senders wait when it
// is full, in the order they arrived; closing it rejects every waiting and later sender
// and hands back whatever was still queued so its owner can fail those commands. Every
// operation is O(1) amortised (FIFO queues, not arrays), however many senders wait.
import { ChannelClosedError } from './errors';
import { FifoQueue } from './fifo-queue';

export const CHANNEL_CAPACITY = 256;

interface WaitingSender<T> {
  value: T;
  admit: () => void;
  reject: (err: Error) => void;
  what: string;
}

export class BoundedChannel<T> {
  private readonly queue = new FifoQueue<T>();
  private readonly waitingSenders = new FifoQueue<WaitingSender<T>>();
  private waitingReceiver: ((value: T | undefined) => void) | undefined;
  private closed = false;

  constructor(readonly capacity: number = CHANNEL_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`channel capacity must be a positive integer, got ${capacity}`);
  }

  get waitingSenderCount(): number {
    return this.waitingSenders.length;
  }

  /** Resolves once `value` is in the queue; `what` names the value in a closed-channel error. */
  send(value: T, what: string): Promise<void> {
    if (this.closed) return Promise.reject(new ChannelClosedError(what));
    if (this.waitingReceiver) {
      const receive = this.waitingReceiver;
      this.waitingReceiver = undefined;
      receive(value);
      return Promise.resolve();
    }
    if (this.queue.length < this.capacity) {
      this.queue.push(value);
      return Promise.resolve();
    }
    return new Promise((admit, reject) => this.waitingSenders.push({ value, admit, reject, what }));
  }

  /** The next value, or undefined once the channel is closed and empty. */
  recv(): Promise<T | undefined> {
    if (this.queue.length > 0) {
      const value = this.queue.shift() as T;
      this.admitWaitingSender();
      return Promise.resolve(value);
    }
    if (this.closed) return Promise.resolve(undefined);
    if (this.waitingReceiver) throw new Error('BoundedChannel has a single receiver; recv() was called while another recv() waits');
    return new Promise((resolve) => (this.waitingReceiver = resolve));
  }

  /** Closes the channel; returns the values that were queued and never received. */
  close(): T[] {
    if (this.closed) return [];
    this.closed = true;
    for (const sender of this.waitingSenders.drain()) sender.reject(new ChannelClosedError(sender.what));
    this.waitingReceiver?.(undefined);
    this.waitingReceiver = undefined;
    return this.queue.drain();
  }

  private admitWaitingSender(): void {
    const next = this.waitingSenders.shift();
    if (!next) return;
    this.queue.push(next.value);
    next.admit();
  }
}
