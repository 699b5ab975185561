#!/usr/bin/env node
// Entry point of the `rollout-sim` command. A command that simulates runs (run, replay,
// trace, hashes) runs in a worker thread under a watchdog (src/cli/watchdog.ts), so a
// writer stuck in a loop is stopped and reported; help, version and demo run here.
'use strict';
const registerTs = require.resolve('./register-ts.js');
require(registerTs);
const { isWatched, watchedMain } = require('../src/cli/watchdog.ts');
const run = isWatched(process.argv) ? watchedMain(process.argv, { preload: [registerTs] }) : require('../src/cli/main.ts').main(process.argv);
run.then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err && err.stack ? err.stack : String(err)); process.exitCode = 2; },
);
