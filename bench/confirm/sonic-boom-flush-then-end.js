// Confirms over the real file system what the simulator found in sonic-boom 4.2.0 and
// 4.2.1 (`rollout-sim run --target sonic-boom@4.2.1 --profile logger --seed 1`): a flush(cb)
// made once the file is open, then end() while the flush's write is in flight -- the
// stream finishes and closes, and the flush callback is never called.
//   node bench/confirm/sonic-boom-flush-then-end.js sonic-boom-4.2.1
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const SonicBoom = require(process.argv[2] || 'sonic-boom-4.2.1');

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sonic-boom-')), 'log');
const sonic = new SonicBoom({ dest: file, sync: false, minLength: 4096 });
let flushed = false;
sonic.on('ready', () =>
  setImmediate(() => {
    sonic.flush(() => (flushed = true));
    sonic.end();
    sonic.on('close', () =>
      setTimeout(() => {
        console.log(`${process.argv[2] || 'sonic-boom-4.2.1'}: stream closed; flush callback called: ${flushed}`);
        fs.rmSync(path.dirname(file), { recursive: true });
        process.exitCode = flushed ? 0 : 1;
      }, 200),
    );
  }),
);
