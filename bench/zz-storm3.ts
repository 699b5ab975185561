import fc from 'fast-check';
import { writer } from '../src/cli/fixtures/microtask-storm-writer';
import { simulate } from '../src/sim/simulation';
import { scenarioArbitrary } from '../src/sim/scenario-arbitrary';
import { boundsFor } from '../src/campaign/profiles';
import { describeWorkload } from '../src/sim/workload';
(async () => {
  const [s] = fc.sample(scenarioArbitrary(boundsFor(writer, 'default')), { seed: 1, numRuns: 1 });
  console.log(describeWorkload(s.workload), JSON.stringify(s.faults));
  const t = Date.now();
  const r = await simulate(writer, s);
  console.log(Date.now() - t, 'ms', r.end, r.steps);
  process.exit(0);
})();
