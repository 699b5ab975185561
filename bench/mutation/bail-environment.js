// The test environment of the mutation run (jest.mutation.config.ts): jest's node
// environment plus the bail that Stryker's jest runner cannot ask for (it runs jest with
// bail off, so every covering test of a killed mutant would still run). Once a test has
// failed while a mutant is active, every later test of that mutant's run is skipped: the
// mutant is already killed, and the rest of its tests would only cost time. With no
// mutant active (Stryker's dry run, or plain jest) nothing is skipped.
// Plain CommonJS because jest loads a test environment before any transform applies to it.
'use strict';
const { TestEnvironment } = require('jest-environment-node');

// Stryker names the active mutant in this variable of the worker process for each mutant run.
const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';

// One module instance per Stryker worker (jest runs in band there), shared by every test
// file of a mutant's run; keyed by mutant id, so the next mutant starts clean.
let killedMutant;

class BailEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    const mutant = process.env[ACTIVE_MUTANT];
    if (mutant === undefined) return;
    if (event.name === 'test_start' && killedMutant === mutant) {
      event.test.mode = 'skip';
    } else if (event.name === 'test_done' && event.test.errors.length > 0) {
      killedMutant = mutant;
    }
  }
}

module.exports = BailEnvironment;
