// A small JSONL logger of the kind many services carry: one fs.createWriteStream, one
// record per line. It is plain Node -- it calls node:fs itself and knows nothing of
// rollout-sim -- and examples/stream-logger-writer.ts tests it unchanged.
//
// It has a shutdown bug: close() ends the stream and calls back at once, before the
// stream has written what it buffered. A process that exits in that callback (as
// services do on SIGTERM) loses the last records.
'use strict';
const fs = require('fs');

class StreamLogger {
  constructor(file) {
    this.stream = fs.createWriteStream(file, { flags: 'a' });
    this.failure = undefined;
    this.stream.on('error', (err) => {
      this.failure = this.failure || err;
    });
  }

  log(record) {
    this.stream.write(JSON.stringify(record) + '\n');
  }

  /** Calls back once everything logged so far has been written. */
  flush(cb) {
    if (this.failure) return process.nextTick(cb, this.failure);
    // An empty write's callback comes after every write before it.
    this.stream.write('', (err) => cb(err || this.failure));
  }

  close(cb) {
    this.stream.end();
    process.nextTick(cb, this.failure);
  }
}

module.exports = { StreamLogger };
