// The order of test files in the mutation run (jest.mutation.config.ts): quick, direct
// tests of the recorder first, the property suite after them, the slowest properties
// last. With bench/mutation/bail-environment.js a mutant that a unit test kills never
// pays for the properties; a survivor runs everything that covers it either way, so the
// order changes the time of a run, never its score.
// Plain CommonJS because jest loads the sequencer without a transform.
'use strict';
const Sequencer = require('@jest/test-sequencer').default;
const path = require('node:path');

// Paths relative to the root, cheapest first (seconds measured on the full suite).
const ORDER = [
  'src/recorder/',
  'src/env/node-env.test.ts',
  'src/demo/stale-clone.test.ts',
  'properties/mutants.prop.test.ts',
  'properties/replay-equals-history.prop.test.ts',
  'properties/no-acknowledged-item-lost.prop.test.ts',
  'properties/no-post-shutdown-throw.prop.test.ts',
  'properties/gate.prop.test.ts',
];

function rank(test) {
  const rel = path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/');
  const i = ORDER.findIndex((prefix) => rel.startsWith(prefix));
  return i === -1 ? ORDER.length : i;
}

class CheapFirstSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  }
}

module.exports = CheapFirstSequencer;
