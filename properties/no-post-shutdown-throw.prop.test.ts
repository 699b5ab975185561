// Invariant 2: no call made after shutdown began throws, on any handle or on the session.
import { noPostShutdownThrow } from '../src/invariants/index';
import { expectHolds } from './check-property';
import { writersUnderTest } from './writers-under-test';

describe.each(writersUnderTest().map((w) => [w.writer.name, w] as const))('no post-shutdown call throws (%s)', (_name, { writer, ref }) => {
  test.each(['recorder', 'session', 'default'] as const)('with the %s profile', async (profile) => {
    await expectHolds(writer, ref, [noPostShutdownThrow], profile);
  });
});
