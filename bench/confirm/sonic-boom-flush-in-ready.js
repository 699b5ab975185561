// Over the real file system: in sonic-boom 4.2.0 and 4.2.1, a flush(cb) made inside the
// 'ready' handler writes the whole buffer twice. The open callback emits 'ready' and then,
// seeing the flush pending, starts a second write of the same buffer the flush already
// started. Every record logged before the file opened is in the file twice.
//   node bench/confirm/sonic-boom-flush-in-ready.js sonic-boom-4.2.1
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const name = process.argv[2] || 'sonic-boom-4.2.1';
const SonicBoom = require(name);
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sonic-boom-confirm-')), 'out.log');
const sonic = new SonicBoom({ dest: file, sync: false, minLength: 4096 });
const RECORDS = 3;
for (let i = 0; i < RECORDS; i++) sonic.write(`{"id":"h1.${i}"}\n`);
sonic.once('ready', () => {
  sonic.flush(() => {
    // Let any second write land before counting.
    setTimeout(() => {
      const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
      console.log(`${name}: ${RECORDS} records logged, flushed in 'ready'; the file has ${lines.length} lines`);
      process.exit(lines.length === RECORDS ? 0 : 1);
    }, 100);
  });
});
