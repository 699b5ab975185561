// The gate: the suite tells a correct recorder from the two broken ones within the
// default budget by search alone (the corpus is left out here), and shrinks what it
// finds to something a person can read.
import { writerForVariant } from '../src/adapters/variants';
import { replayFailure } from '../src/campaign/campaign';
import { actorSteps } from '../src/campaign/failure';
import { ALL_INVARIANTS, noAcknowledgedItemLost } from '../src/invariants/index';
import { main } from '../src/cli/main';
import { checkProperty } from './check-property';

/** Runs the gate gives each broken variant: the bugs must show up well within this. */
const GATE_RUNS = 200;

describe('the gate', () => {
  test('legacy fails within the default budget, shrunk to at most 3 actor steps, and its replay command reproduces the hash', async () => {
    const result = await checkProperty(writerForVariant('legacy'), { variant: 'legacy' }, ALL_INVARIANTS, 'default', GATE_RUNS, false);
    const failure = result.failure!;
    expect(failure).toBeDefined();
    expect(actorSteps(failure.run)).toBeLessThanOrEqual(3);
    expect(failure.replayCommand).toBe(`rollout-sim replay --variant legacy --profile default --seed ${failure.seed} --path ${failure.path}`);

    const again = await replayFailure(writerForVariant('legacy'), { variant: 'legacy' }, { seed: failure.seed, path: failure.path, profile: 'default' });
    expect(again?.run.hash).toBe(failure.run.hash);

    const lines: string[] = [];
    const code = await main(['node', 'rollout-sim', ...failure.replayCommand.split(' ').slice(1)], (l) => lines.push(l));
    expect(code).toBe(1);
    expect(lines.join('\n').trim().split('\n').pop()).toBe(`trace-hash: ${failure.run.hash}`);
  });

  test('flag-only fails "no acknowledged item lost"', async () => {
    const result = await checkProperty(writerForVariant('flag-only'), { variant: 'flag-only' }, [noAcknowledgedItemLost], 'default', GATE_RUNS, false);
    expect(result.failure?.invariants).toEqual(['no-acknowledged-item-lost']);
    expect(result.failure?.violations[0].message).toMatch(/told its append was queued|handed it to the session|reported it durable/);
  });

  test('reference passes every invariant under every profile', async () => {
    for (const profile of ['default', 'recorder', 'session', 'crash'] as const) {
      const result = await checkProperty(writerForVariant('reference'), { variant: 'reference' }, ALL_INVARIANTS, profile);
      expect(result.failure).toBeUndefined();
    }
  });
});
