import * as path from 'node:path';
import type { Config } from 'jest';
import base from './jest.config';

// The jest configuration Stryker runs (see stryker.config.mjs), used only for mutation
// testing of src/recorder. It differs from the everyday one in three ways:
// - only the tests that test the recorder: the property suite, the recorder's own tests,
//   the recorder over node:fs, and the demo that tells its variants apart. The simulator's,
//   the CLI's and the campaign's own tests (some spawn processes) are left out: they test
//   the harness, and would only slow every mutant down;
// - bench/mutation/mutation-env.ts pins the property suite's budget (seed, runs) so that
//   every mutant meets the same scenarios and the score is stable, and keeps the
//   regression corpus from growing with the mutants' failures;
// - bench/mutation/bail-environment.js stops a mutant's run at its first failing test,
//   and bench/mutation/cheap-first-sequencer.js runs the quick tests first, so that a
//   killed mutant costs little.
const config: Config = {
  ...base,
  testMatch: [
    '<rootDir>/properties/**/*.prop.test.ts',
    '<rootDir>/src/recorder/**/*.test.ts',
    '<rootDir>/src/env/node-env.test.ts',
    '<rootDir>/src/demo/stale-clone.test.ts',
  ],
  // Absolute paths: Stryker reads this file without jest's <rootDir> substitution.
  setupFiles: [path.join(__dirname, 'bench/mutation/mutation-env.ts')],
  testEnvironment: path.join(__dirname, 'bench/mutation/bail-environment.js'),
  testSequencer: path.join(__dirname, 'bench/mutation/cheap-first-sequencer.js'),
};

export default config;
