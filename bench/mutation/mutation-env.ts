// Runs before each test file of the mutation run (jest.mutation.config.ts). Every mutant
// must meet the same scenarios, or the score would move from one run to the next: the
// property suite's budget (src/campaign/budget.ts) is pinned to its defaults and its fixed
// seed, whatever the calling shell exports. And the regression corpus is a fresh copy of
// the committed one for each test file: a mutant's failure is saved to the corpus, which
// would otherwise be replayed against every later mutant of the same sandbox.
import { copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SUITE_SEED } from '../../src/campaign/budget';

process.env.ROLLOUT_SIM_SEED = String(DEFAULT_SUITE_SEED);
// Unset, so each property keeps its own default number of runs, as `npm test` runs it.
for (const key of ['ROLLOUT_SIM_RUNS', 'ROLLOUT_SIM_PATH', 'ROLLOUT_SIM_TIME_LIMIT', 'ROLLOUT_SIM_RECORDER']) {
  delete process.env[key];
}

// One copy per worker process; jest runs the files of a Stryker worker one at a time.
const corpusCopy = path.join(tmpdir(), `rollout-sim-mutation-corpus-${process.pid}.json`);
copyFileSync(path.join(__dirname, '..', '..', 'corpus', 'regressions.json'), corpusCopy);
process.env.ROLLOUT_SIM_CORPUS = corpusCopy;
