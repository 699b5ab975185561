// How much of the reference recorder the campaign alone reaches, with no unit test: run by
// `npm run coverage:campaign` (jest.coverage.config.ts, which collects statement and
// branch coverage of src/recorder), never by `npm test`. One campaign per profile against
// the reference recorder, from the suite's fixed seed, a few thousand runs each; the
// campaign must also hold, or the coverage would be that of a run cut short.
// ROLLOUT_SIM_RUNS and ROLLOUT_SIM_SEED change the budget (src/campaign/budget.ts).
import { writerForVariant } from '../src/adapters/variants';
import { budgetFromEnv } from '../src/campaign/budget';
import { runCampaign } from '../src/campaign/campaign';
import { formatFailure } from '../src/campaign/failure';
import { PROFILE_NAMES } from '../src/campaign/profiles';

const RUNS_PER_PROFILE = 3000;

const budget = budgetFromEnv({ numRuns: RUNS_PER_PROFILE });

describe(`the campaign alone, ${budget.numRuns} runs per profile from seed ${budget.seed}`, () => {
  test.each(PROFILE_NAMES)('the reference recorder holds every invariant under the %s profile', async (profile) => {
    const result = await runCampaign({
      writer: writerForVariant('reference'),
      ref: { variant: 'reference' },
      numRuns: budget.numRuns,
      seed: budget.seed,
      profile,
    });
    if (result.failure) throw new Error(formatFailure(result.failure));
    expect(result.stats.runs).toBe(budget.numRuns);
  });
});
