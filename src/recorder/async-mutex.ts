// A FIFO async mutex, as tokio's Mutex: waiters get the lock in the order they asked.
// Waiters wait in a FifoQueue, so handing the lock on is O(1) however many wait.
import { FifoQueue } from './fifo-queue';

export class AsyncMutex {
  private locked = false;
  private readonly waiters = new FifoQueue<() => void>();

  /** Resolves with a release function once the lock is held. */
  acquire(): Promise<() => void> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => this.waiters.push(() => resolve(this.releaser())));
  }

  async withLock<T>(body: () => Promise<T> | T): Promise<T> {
    const release = await this.acquire();
    try {
      return await body();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.locked = false;
    };
  }
}
