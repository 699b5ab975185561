#!/usr/bin/env node
// Entry point of the `rollout-sim` command. A command that simulates runs (run, replay,
// trace, hashes) runs in a worker thread under a watchdog (src/cli/watchdog.ts), so a
// writer stuck in a loop is stopped and reported; help, version and demo run here.
// In this repository it runs the TypeScript sources through ts-node (no build step); an
// installed package has no sources, only the compiled dist/ (`npm run build`), and starts
// without a TypeScript toolchain -- one is loaded only for a `--recorder` module in .ts.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const fromSource = fs.existsSync(path.join(__dirname, '..', 'src', 'cli', 'main.ts'));
let cli;
let preload = [];
if (fromSource) {
  const registerTs = require.resolve('./register-ts.js');
  require(registerTs);
  preload = [registerTs];
  cli = { watchdog: require('../src/cli/watchdog.ts'), main: () => require('../src/cli/main.ts') };
} else {
  cli = { watchdog: require('../dist/cli/watchdog.js'), main: () => require('../dist/cli/main.js') };
}
const { isWatched, watchedMain } = cli.watchdog;
const run = isWatched(process.argv) ? watchedMain(process.argv, { preload }) : cli.main().main(process.argv);
run.then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err && err.stack ? err.stack : String(err)); process.exitCode = 2; },
);
