// assertWriter as a jest test uses it: it resolves for a writer that holds, and rejects
// with the whole report -- invariant, seed, path, shrunk trace, replay command -- for one
// that does not; fast-check's options mean what they mean there.
import { writerForVariant } from '../adapters/variants';
import { assertWriter, AssertWriterOptionError, WriterPropertyError } from './assert-writer';

const legacy = writerForVariant('legacy');

test('a writer that holds: resolves, having made the runs asked for', async () => {
  const result = await assertWriter(writerForVariant('reference'), { numRuns: 40, seed: 3 });
  expect(result.stats.runs).toBe(40);
  expect(result.failure).toBeUndefined();
});

test('a writer that breaks an invariant: rejects with the invariant, the seed, the shrunk trace and the replay command', async () => {
  const error = await assertWriter(legacy, { numRuns: 300, seed: 5, replayAs: { variant: 'legacy' } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WriterPropertyError);
  const { message, failure } = error as WriterPropertyError;
  expect(message).toMatch(/^legacy failed (no-post-shutdown-throw|no-acknowledged-item-lost|replay-equals-history)/);
  expect(message).toMatch(/^ {2}seed: 5 \(profile default\)$/m);
  expect(message).toMatch(/^ {2}shrunk trace \(\d+ steps/m);
  expect(message).toContain(`replay: rollout-sim replay --variant legacy --profile default --seed 5 --path ${failure.path}`);
  // The path it names replays that failure, as fc.assert's does.
  const again = await assertWriter(legacy, { seed: 5, path: failure.path }).catch((e: unknown) => e);
  expect((again as WriterPropertyError).failure.run.hash).toBe(failure.run.hash);
});

test('endOnFailure reports the first failing run as found, unshrunk: its path is one run index', async () => {
  const error = (await assertWriter(legacy, { numRuns: 300, seed: 5, endOnFailure: true }).catch((e: unknown) => e)) as WriterPropertyError;
  expect(error.failure.path).toMatch(/^\d+$/);
  expect(error.result.stats.shrinkRuns).toBe(0);
});

test('without replayAs, the replay command names the writer as a module', async () => {
  const error = (await assertWriter(legacy, { numRuns: 300, seed: 5, endOnFailure: true }).catch((e: unknown) => e)) as WriterPropertyError;
  expect(error.failure.replayCommand).toMatch(/^rollout-sim replay --recorder legacy --profile default --seed 5 --path \d+$/);
});

test.each([
  [{ numRuns: -1 }, /numRuns must be a whole number from 0; got -1/],
  [{ seed: 2 ** 40 }, /seed must be a 32-bit integer; got 1099511627776/],
  [{ seed: 1, path: 'a:b' }, /path must be a fast-check path such as 0:1:3; got "a:b"/],
  [{ path: '0:1' }, /seed must be given with path/],
  [{ interruptAfterTimeLimit: 0 }, /interruptAfterTimeLimit must be a positive number of milliseconds; got 0/],
])('a bad option %j is refused before anything runs, named', async (options, message) => {
  await expect(assertWriter(legacy, options)).rejects.toThrow(AssertWriterOptionError);
  await expect(assertWriter(legacy, options)).rejects.toThrow(message);
});
