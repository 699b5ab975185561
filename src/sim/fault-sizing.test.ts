// Fault indices sized to the run: an index past what the workload will likely make comes
// inside it; one already inside is kept.
import fc from 'fast-check';
import { expectedCounts, sizeFaults } from './fault-sizing';
import { scenarioArbitrary } from './scenario-arbitrary';
import type { Workload } from './workload';

const workload: Workload = {
  actors: [
    { kind: 'handle', name: 'h1', ops: [{ kind: 'append', durable: 1, transient: 0 }, { kind: 'flush' }, { kind: 'append', durable: 2, transient: 0 }] },
    { kind: 'shutdown', name: 'sd1', via: 'handle' },
  ],
};

test('a workload of two appends, a flush and a shutdown: four writes, three fsyncs, two acknowledgements', () => {
  expect(expectedCounts(workload)).toMatchObject({ writes: 4, syncs: 3, acks: 2 });
});

test('indices past the run come inside it, modulo the count; indices inside it are kept', () => {
  const plan = sizeFaults(
    {
      faults: [
        { kind: 'eio-write', write: 9 },
        { kind: 'short-write', write: 2, keep: 500 },
        { kind: 'fsync-fail', sync: 3, pages: 'dropped' },
        { kind: 'crash-after-ack', ack: 5, after: 0, keep: 0 },
      ],
    },
    workload,
  );
  expect(plan.faults).toEqual([
    { kind: 'eio-write', write: 1 },
    { kind: 'short-write', write: 2, keep: 500 },
    { kind: 'fsync-fail', sync: 0, pages: 'dropped' },
    { kind: 'crash-after-ack', ack: 1, after: 0, keep: 0 },
  ]);
});

test('with faultsSizedToRun every drawn index is inside its run', () => {
  for (const s of fc.sample(scenarioArbitrary({ faultsSizedToRun: true, minFaults: 2 }), { seed: 9, numRuns: 200 })) {
    const n = expectedCounts(s.workload);
    for (const f of s.faults.faults) {
      if ('write' in f) expect(f.write).toBeLessThan(n.writes);
      if (f.kind === 'fsync-fail') expect(f.sync).toBeLessThan(n.syncs);
      if (f.kind === 'crash-after-ack') expect(f.ack).toBeLessThan(n.acks);
      if (f.kind === 'crash') expect(f.step).toBeLessThan(n.steps);
    }
  }
});
