// Your own fs-based logger, tested unchanged: examples/stream-logger/index.js calls
// node:fs itself (fs.createWriteStream) and knows nothing of rollout-sim. This module only
// says how to use it -- the target adapter contract -- and rollout-sim loads it with the
// simulated node:fs. Try it:
//
//   npx rollout-sim run --recorder examples/stream-logger-writer.ts --profile logger --runs 500
//
// It finds the logger's shutdown bug: close() calls back before the stream has written
// what it buffered.
import { nodeLoggerWriter } from '../src/index';

interface StreamLogger {
  log(record: unknown): void;
  flush(cb: (err?: Error) => void): void;
  close(cb: (err?: Error) => void): void;
}

export const writer = nodeLoggerWriter<StreamLogger>({
  name: 'stream-logger',
  module: require.resolve('./stream-logger'),
  known: 'an example: close() calls back before the stream has written',
  acknowledges: 'visible',
  afterEnd: { kind: 'closed', why: 'the logger is a stream: a write after end() is an ERR_STREAM_WRITE_AFTER_END error' },
  create: (pkg, file) => new (pkg as { StreamLogger: new (file: string) => StreamLogger }).StreamLogger(file),
  // The logger frames its own lines: hand it the record, not the line.
  write: (logger, record) => logger.log(JSON.parse(record)),
  flush: (logger) => new Promise((resolve) => logger.flush((err) => resolve(err ?? undefined))),
  end: (logger) => new Promise((resolve) => logger.close((err) => resolve(err ?? undefined))),
});
