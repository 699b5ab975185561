// The settle depth: between two steps the simulator lets microtasks run until
// `quietTicks` turns in a row bring nothing new. The default must be deep enough that
// waiting much longer changes nothing, or a trace would depend on how long one waits.
import { VARIANT_NAMES, writerForVariant } from '../adapters/variants';
import { DEFAULT_LIMITS } from './scenario';
import { scenarioForSeed } from './scenario-arbitrary';
import { simulate } from './simulation';
import { sweepSeedsFromEnv } from '../campaign/budget';

/** Seeds per variant; ROLLOUT_SIM_SEEDS turns it up (seed 125 once told 400 from 800 turns apart). */
const SEEDS = sweepSeedsFromEnv(20);

describe.each(VARIANT_NAMES)('settle depth, %s variant', (variant) => {
  const writer = writerForVariant(variant);

  test(`the default quietTicks (${DEFAULT_LIMITS.quietTicks}) gives the same trace as 400, over ${SEEDS} seeds`, async () => {
    const differing: number[] = [];
    for (let seed = 0; seed < SEEDS; seed++) {
      const scenario = scenarioForSeed(seed);
      const normal = await simulate(writer, scenario);
      const deep = await simulate(writer, scenario, { ...DEFAULT_LIMITS, quietTicks: 400 });
      if (normal.hash !== deep.hash) differing.push(seed);
    }
    expect(differing).toEqual([]);
  });

  test('quietTicks: 1 is too shallow: some trace differs (so the comparison above can fail)', async () => {
    let differing: number | undefined;
    for (let seed = 0; seed < SEEDS && differing === undefined; seed++) {
      const scenario = scenarioForSeed(seed);
      const normal = await simulate(writer, scenario);
      const shallow = await simulate(writer, scenario, { ...DEFAULT_LIMITS, quietTicks: 1 });
      if (normal.hash !== shallow.hash) differing = seed;
    }
    expect(differing).toBeDefined();
  });
});
