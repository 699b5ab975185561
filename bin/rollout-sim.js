#!/usr/bin/env node
// Entry point of the `rollout-sim` command: runs the TypeScript sources through ts-node
// (transpile only; `npm run typecheck` checks types), so no build step sits between a
// fresh clone and the command. The same loader lets `--recorder ./module.ts` load a
// user's TypeScript recorder.
'use strict';
const path = require('node:path');
require('ts-node').register({
  transpileOnly: true,
  project: path.join(__dirname, '..', 'tsconfig.json'),
  compilerOptions: { module: 'commonjs' },
});
require('../src/cli/main.ts').main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err && err.stack ? err.stack : String(err)); process.exitCode = 2; },
);
