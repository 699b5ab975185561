// Confirms over the real file system what the simulator found in log4js's file appender
// when two parts of a program each call log4js.shutdown(cb) (a signal handler and an
// exit path, say) with records still buffered:
//   6.3.0 (`rollout-sim run --target log4js@6.3.0`): the second shutdown ends the stream
//     again, "write after end" destroys it, both callbacks get that error, and the
//     buffered records are lost -- log4js#1005;
//   6.4.0 (`rollout-sim run --target log4js@6.4.0 --profile logger`): the second shutdown
//     finds no appenders (the first one reset them) and calls back at once, without
//     error, before a byte is in the file; a program that exits there loses every record.
//   node bench/confirm/log4js-second-shutdown.js log4js-6.3.0
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const name = process.argv[2] || 'log4js-6.3.0';
const log4js = require(name);
const RECORDS = 50;
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'log4js-confirm-')), 'out.log');
log4js.configure({
  appenders: { file: { type: 'file', filename: file, layout: { type: 'messagePassThrough' } } },
  categories: { default: { appenders: ['file'], level: 'info' } },
});
const logger = log4js.getLogger();
const lines = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').length - 1 : 0);
const seen = [];
// Let the appender open its file first, as a program that has been running a while would.
setTimeout(() => {
  for (let i = 0; i < RECORDS; i++) logger.info(`{"id":"h1.${i}","pad":"${'x'.repeat(2000)}"}`);
  for (const who of ['first', 'second']) {
    log4js.shutdown((err) => seen.push(`${who} shutdown called back (${err ? err.code || err.message : 'no error'}) with ${lines()} of ${RECORDS} records in the file`));
  }
}, 50);
process.on('exit', () => {
  for (const s of seen) console.log(`${name}: ${s}`);
  const early = seen.some((s) => s.includes('no error') && !s.includes(`${RECORDS} of`));
  console.log(`${name}: at exit ${lines()} of ${RECORDS} records are in the file`);
  process.exitCode = lines() < RECORDS || early ? 1 : 0;
});
