// The strictness issue's holes, each shown closed on a writer this suite was not built
// around (independent-writer.ts): the correct writer holds under every profile, and each
// single-bug variant -- a lie a real Linux machine would expose -- is caught, by the
// invariant it breaks, within a budget of generated runs.
import { ALL_INVARIANTS, type InvariantName } from '../src/invariants/index';
import type { ProfileName } from '../src/campaign/profiles';
import { checkProperty } from './check-property';
import { independentWriter, type IndependentBug } from './independent-writer';

/** Runs a bug gets to show itself: well above what each needs with the fixed seed, well below a nightly budget. */
const BUG_RUNS = 1_000;

const ref = { recorder: 'properties/independent-writer.ts' };

test.each(['default', 'recorder', 'crash'] as const)('the correct independent writer holds every invariant under the %s profile', async (profile) => {
  const result = await checkProperty(independentWriter(), ref, ALL_INVARIANTS, profile, undefined, false);
  if (result.failure) throw new Error(result.failure.violations.map((v) => v.message).join('\n'));
  expect(result.stats.runs).toBeGreaterThan(0);
});

const CAUGHT: ReadonlyArray<[IndependentBug, ProfileName, InvariantName, RegExp]> = [
  // A shutdown that resolved ok is a durability point: a crash just after it must find everything.
  ['shutdown-skips-fsync', 'crash', 'no-acknowledged-item-lost', /shutdown at step \d+ reported it durable/],
  // Linux drops the pages of a failed fsync: the retried fsync's ok is a lie a crash exposes.
  ['fsync-retried-into-ok', 'crash', 'no-acknowledged-item-lost', /reported it durable/],
  // The torn tail is in the bytes; the reader must say so.
  ['reader-ignores-torn-tail', 'crash', 'replay-equals-history', /unterminated line \d+ .*did not report|from line \d+, which has no newline/],
  // Only a write fault and a crash in the same run show it.
  ['retry-forgets-dirty', 'crash', 'no-acknowledged-item-lost', /reported it durable/],
];

test.each(CAUGHT)('%s is caught under the %s profile by %s', async (bug, profile, invariant, message) => {
  const result = await checkProperty(independentWriter(bug), ref, ALL_INVARIANTS, profile, BUG_RUNS, false);
  expect(result.failure?.invariants).toContain(invariant);
  expect(result.failure?.violations.find((v) => v.invariant === invariant)?.message).toMatch(message);
});
