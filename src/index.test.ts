// The package's entry point exposes the pieces a user builds on, and they fit together.
import * as api from './index';

test('the public API runs a campaign end to end from its own exports', async () => {
  const result = await api.runCampaign({ writer: api.writerForVariant('legacy'), ref: { variant: 'legacy' }, numRuns: 50, seed: 1 });
  expect(result.failure?.invariants.length).toBeGreaterThan(0);
  expect(api.formatFailure(result.failure!)).toMatch(/^trace-hash: [0-9a-f]{64}$/m);
  expect(api.VARIANT_NAMES).toEqual(['legacy', 'flag-only', 'reference']);
  expect(api.ALL_INVARIANTS.map((i) => i.name)).toEqual(['no-acknowledged-item-lost', 'no-post-shutdown-throw', 'replay-equals-history', 'liveness', 'writer-contract']);
});
