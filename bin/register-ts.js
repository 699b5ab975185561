// Registers ts-node (transpile only; `npm run typecheck` checks types) so the TypeScript
// sources run with no build step, and `--recorder ./module.ts` loads a user's TypeScript
// writer. Required by the bin and, first thing, by the watchdog's worker thread.
'use strict';
const path = require('node:path');
require('ts-node').register({
  transpileOnly: true,
  project: path.join(__dirname, '..', 'tsconfig.json'),
  compilerOptions: { module: 'commonjs' },
});
