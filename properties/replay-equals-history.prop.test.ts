// Invariant 3: reading the file back gives the accepted items, once each, in each
// caller's order, metadata first; after a crash, a prefix plus at most one reported torn line.
import { replayEqualsHistory } from '../src/invariants/index';
import { expectHolds } from './check-property';
import { writersUnderTest } from './writers-under-test';

describe.each(writersUnderTest().map((w) => [w.writer.name, w] as const))('replay equals recorded history (%s)', (_name, { writer, ref }) => {
  test('exactly, after a clean shutdown, with every I/O fault kind', async () => {
    await expectHolds(writer, ref, [replayEqualsHistory], 'default');
  });

  test('as a prefix plus at most one torn line, after a crash', async () => {
    const result = await expectHolds(writer, ref, [replayEqualsHistory], 'crash');
    expect(result.stats.crashes).toBeGreaterThan(0);
  });
});
