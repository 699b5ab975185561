// A run reads the host's uid and gid once, not on every memfs operation, and gives the
// host its own functions back when the last overlapping run ends.
import { writerForVariant } from '../adapters/variants';
import { holdHostIds } from './host-ids';
import { scenarioForSeed } from './scenario-arbitrary';
import { simulate } from './simulation';

test('a run asks the host for its uid and gid once, however many files it makes', async () => {
  const getuid = jest.spyOn(process, 'getuid');
  const getgid = jest.spyOn(process, 'getgid');
  try {
    const run = await simulate(writerForVariant('reference'), scenarioForSeed(4));
    expect(run.trace.entries.filter((e) => e.kind === 'fs').length).toBeGreaterThan(3);
    expect(getuid).toHaveBeenCalledTimes(1);
    expect(getgid).toHaveBeenCalledTimes(1);
  } finally {
    getuid.mockRestore();
    getgid.mockRestore();
  }
});

test('overlapping holds: the ids stay fixed until the last release, then the host has its own functions again', () => {
  const own = process.getuid;
  const first = holdHostIds();
  const second = holdHostIds();
  expect(process.getuid).not.toBe(own);
  first();
  first();
  expect(process.getuid).not.toBe(own);
  expect(process.getuid?.()).toBe(own?.call(process));
  second();
  expect(process.getuid).toBe(own);
});
