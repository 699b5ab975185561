// Confirms over the real file system what the simulator found in sonic-boom -- 4.2.1 as
// well as 4.2.0 (`rollout-sim run --target sonic-boom@4.2.1 --profile crash --runs 2000
// --seed 1`): a flush(cb) made while a write is in flight calls back once that write is
// done (and fsynced), without writing the records buffered since it began. A program that
// exits in the callback, as pino's users do on a fatal error, loses them. sonic-boom's
// README says flush does "nothing ... if it is already writing"; elastic/synthetics#465
// met the same loss.
//   node bench/confirm/sonic-boom-flush-during-write.js sonic-boom-4.2.1
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const name = process.argv[2] || 'sonic-boom-4.2.1';
const SonicBoom = require(name);
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sonic-boom-confirm-')), 'out.log');
const sonic = new SonicBoom({ dest: file, sync: false, minLength: 4096 });

const RECORDS = 300;
// After 'ready', not inside it: a flush inside the handler meets another bug (see
// sonic-boom-flush-in-ready.js).
sonic.once('ready', () => setImmediate(() => {
  // Past minLength: sonic-boom starts an asynchronous write of these at once.
  for (let i = 0; i < RECORDS; i++) sonic.write(`{"id":"h1.${i}"}\n`);
  // Accepted while that write is in flight, then flushed.
  sonic.write(`{"id":"h1.${RECORDS}"}\n`);
  sonic.flush((err) => {
    const text = fs.readFileSync(file, 'utf8');
    const lost = !text.includes(`"h1.${RECORDS}"`);
    console.log(`${name}: flush called back (${err ? err.code : 'no error'}); h1.${RECORDS}, written just before the flush, is ${lost ? 'NOT ' : ''}in the file (${text.length} bytes)`);
    process.exit(lost ? 1 : 0);
  });
}));
