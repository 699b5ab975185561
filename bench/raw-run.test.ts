// Raw execution makes exactly the workload's calls, on the writer, with nothing around them.
import { rolloutRecorderWriter } from '../src/adapters/rollout-recorder-writer';
import { scenarioForSeed } from '../src/sim/scenario-arbitrary';
import { boundsFor } from '../src/campaign/profiles';
import { plannedCalls } from '../src/sim/workload';
import { rawRun } from './raw-run';
import { THREE_CLONES } from './throughput';

const reference = rolloutRecorderWriter('reference');

test('every planned call is made and answered', async () => {
  const { workload } = scenarioForSeed(3, boundsFor(reference, 'default'));
  const raw = await rawRun(reference, workload);
  const planned = workload.actors.flatMap(plannedCalls).length;
  expect(raw.calls).toBe(planned);
  expect(Object.values(raw.outcomes).reduce((a, b) => a + b, 0)).toBe(planned);
  expect(raw.outcomes.threw).toBeUndefined();
});

test("three clones racing a flush, a persist and a shutdown: the reference recorder's answers", async () => {
  const raw = await rawRun(reference, THREE_CLONES);
  expect(raw.calls).toBe(5);
  // Every actor starts at once: both appends are queued, the shutdown drains and answers ok,
  // and the flush and the persist, each awaiting its append first, come after shutdown began.
  expect(raw.outcomes).toEqual({ queued: 2, ok: 1, closed: 2 });
});
