// Invariant 1: no acknowledged item is lost -- at recorder level, at session level, and
// after a crash.
import { noAcknowledgedItemLost } from '../src/invariants/index';
import { expectHolds } from './check-property';
import { writersUnderTest } from './writers-under-test';

describe.each(writersUnderTest().map((w) => [w.writer.name, w] as const))('no acknowledged item is lost (%s)', (_name, { writer, ref }) => {
  test('at recorder level: every item whose append resolved queued is in the file after a clean shutdown', async () => {
    const result = await expectHolds(writer, ref, [noAcknowledgedItemLost], 'recorder');
    expect(result.stats.runs).toBeGreaterThan(0);
  });

  test('at session level: everything handed to persistRolloutItems before shutdown() was called is in the file', async () => {
    await expectHolds(writer, ref, [noAcknowledgedItemLost], 'session');
  });

  test('after a crash: everything covered by a successful flush is in the file', async () => {
    const result = await expectHolds(writer, ref, [noAcknowledgedItemLost], 'crash');
    expect(result.stats.crashes).toBeGreaterThan(0);
  });
});
