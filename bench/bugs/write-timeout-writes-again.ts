// BUG: each write is wrapped in a timeout and retried -- the p-retry(p-timeout(write))
// pattern, "a slow disk should not stall the log" -- but a write that timed out is not
// cancelled: it is still in flight, and lands after the retry has written the same bytes.
// Where: the batching log's writePending(), a retry-with-timeout wrapped around write(2).
// To find it: a write that takes longer than the timeout (a latency fault, or the clock
// simply moving on while the write is pending), then both writes landing.
// Built on: the catalogue's batching log (log/buffered-log.ts); fixed twin: that log.
import type { FileHandle } from '../../src/env/env';
import { BufferedLog, bufferedLogWriter } from './log/buffered-log';

const WRITE_TIMEOUT_MS = 100;
const WRITE_ATTEMPTS = 3;

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

class RetryingLog extends BufferedLog {
  protected override async writePending(handle: FileHandle): Promise<void> {
    while (this.pending.length > 0) {
      const chunk = this.pending;
      const { bytesWritten } = await this.retrying(() => this.timeout(handle.write(chunk), WRITE_TIMEOUT_MS));
      if (bytesWritten <= 0) throw new Error(`write made no progress on ${this.path}`);
      this.pending = chunk.subarray(bytesWritten);
      this.written += bytesWritten;
    }
  }

  private async retrying<T>(attempt: () => Promise<T>): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await attempt();
      } catch (err) {
        if (!(err instanceof TimeoutError) || i >= WRITE_ATTEMPTS) throw err;
      }
    }
  }

  private timeout<T>(operation: Promise<T>, ms: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => reject(new TimeoutError(`write to ${this.path} took over ${ms} ms`)), ms);
      operation.then(
        (value) => {
          this.timers.clearTimeout(timer);
          resolve(value);
        },
        (err: unknown) => {
          this.timers.clearTimeout(timer);
          reject(err);
        },
      );
    });
  }
}

export const writer = bufferedLogWriter('write-timeout-writes-again', RetryingLog);
