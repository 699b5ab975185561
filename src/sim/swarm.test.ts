// Swarm runs draw from a subset of the features: what a configuration leaves out never
// appears, and what it keeps comes in concentrated.
import fc from 'fast-check';
import type { FaultKind } from './fault-plan';
import type { Scenario } from './scenario';
import { DEFAULT_BOUNDS, scenarioArbitrary } from './scenario-arbitrary';
import { narrowBounds, swarmConfigurationArbitrary } from './swarm';

const SEEDS = 300;
const sample = (bounds: Partial<typeof DEFAULT_BOUNDS>) => fc.sample(scenarioArbitrary(bounds), { seed: 11, numRuns: SEEDS });
const handleOps = (s: Scenario) => s.workload.actors.flatMap((a) => (a.kind === 'handle' ? a.ops.map((o) => o.kind) : []));
const faultKinds = (s: Scenario) => new Set<FaultKind>(s.faults.faults.map((f) => f.kind));

test('a left-out feature is never drawn: no flush, no persist, no burst, one shutdown caller, only the kept fault kinds', () => {
  const config = { faultKinds: ['fsync-fail'] as FaultKind[], flushes: false, persists: false, bursts: false, concurrentShutdowns: false, callsFromCallbacks: false, payloads: false };
  const bounds = narrowBounds({ ...DEFAULT_BOUNDS, minFaults: 1 }, config);
  for (const s of fc.sample(scenarioArbitrary(bounds), { seed: 3, numRuns: 100 })) {
    expect(handleOps(s).every((k) => k === 'append')).toBe(true);
    expect(s.workload.actors.filter((a) => a.kind === 'shutdown')).toHaveLength(1);
    expect([...faultKinds(s)].every((k) => k === 'fsync-fail' || k === 'crash' || k === 'crash-after-ack')).toBe(true);
    expect(s.faults.faults.length).toBeGreaterThan(0);
  }
});

test('swarm runs concentrate: more runs repeat one fault kind, and more leave flushes out, than full-mix runs', () => {
  const plain = sample({ swarmPerMille: 0 });
  const swarm = sample({ swarmPerMille: 1000 });
  const repeatsAKind = (s: Scenario) => s.faults.faults.length >= 2 && faultKinds(s).size === 1;
  const noFlush = (s: Scenario) => handleOps(s).length >= 3 && !handleOps(s).includes('flush');
  const count = (runs: Scenario[], p: (s: Scenario) => boolean) => runs.filter(p).length;
  expect(count(swarm, repeatsAKind)).toBeGreaterThan(count(plain, repeatsAKind) * 1.5);
  expect(count(swarm, noFlush)).toBeGreaterThan(count(plain, noFlush) * 1.5);
});

test('a configuration keeps each feature half the time, and fault kinds only from the profile', () => {
  const configs = fc.sample(swarmConfigurationArbitrary({ ...DEFAULT_BOUNDS, faultKinds: ['enospc', 'latency'] }), { seed: 5, numRuns: 400 });
  const share = configs.filter((c) => c.flushes).length / configs.length;
  expect(share).toBeGreaterThan(0.35);
  expect(share).toBeLessThan(0.65);
  expect(configs.every((c) => c.faultKinds.every((k) => k === 'enospc' || k === 'latency'))).toBe(true);
  expect(new Set(configs.map((c) => c.faultKinds.join())).size).toBe(4);
});
