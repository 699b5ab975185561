import { memoryEnv } from '../env/memory-env';
import { reproduceForEveryVariant } from './stale-clone';

test('the demo tells the three variants apart: error thrown, items lost, clean closed', async () => {
  const reports = await reproduceForEveryVariant(memoryEnv(), (v) => `/home/${v}`);
  expect(reports.map((r) => [r.variant, r.verdict])).toEqual([
    ['legacy', 'error thrown'],
    ['flag-only', 'items lost'],
    ['reference', 'clean closed, nothing lost'],
  ]);
  expect(reports[1].lostAcknowledged).toEqual(['after shutdown']);
  expect(reports[2].calls.map((c) => c.result)).toEqual(['closed', 'closed', 'closed']);
});
