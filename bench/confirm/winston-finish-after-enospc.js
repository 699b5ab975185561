// Confirms over the real file system what the simulator found in winston's File transport
// (`rollout-sim run --target winston@3.18.3 --profile logger --runs 50 --seed 1`): after
// writes that fail with ENOSPC (here: /dev/full, which refuses every write), 3.18.3 still
// emits 'finish' and no 'error' -- the records are gone and nothing says so -- while
// 3.19.0 never emits 'finish' at all.
//   node bench/confirm/winston-finish-after-enospc.js winston-3.18.3
'use strict';
const name = process.argv[2] || 'winston-3.18.3';
const w = require(name);
const file = new w.transports.File({ filename: '/dev/full' });
const logger = w.createLogger({ format: w.format.printf((i) => String(i.message)), transports: [file] });
const errors = [];
logger.on('error', (e) => errors.push(`logger ${e.code}`));
file.on('error', (e) => errors.push(`transport ${e.code}`));
file.on('open', () => {
  logger.info('{"id":"h1.0"}');
  logger.info('{"id":"h1.1"}');
  setTimeout(() => {
    const verdict = (what) => {
      console.log(`${name}: ${what}; errors reported: ${errors.join(', ') || 'none'}`);
      process.exit(what === 'finish' && errors.length === 0 ? 1 : what === 'finish' ? 0 : 2);
    };
    file.once('finish', () => verdict('finish'));
    logger.end();
    setTimeout(() => verdict('no finish within 2 s'), 2000);
  }, 100);
});
