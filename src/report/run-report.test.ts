// A failing property in a user's own test runner gives its report too: assertWriter's
// error carries the failure, and failureReportHtml draws it with the replay command the
// error's message printed.
import { assertWriter, WriterPropertyError } from '../campaign/assert-writer';
import { writerForVariant } from '../adapters/variants';
import { failureReportHtml } from './run-report';

test('the failure an assertWriter rejects with is drawn with the replay command its message prints', async () => {
  const ref = { variant: 'legacy' };
  const error = await assertWriter(writerForVariant('legacy'), { numRuns: 200, seed: 1, replayAs: ref }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WriterPropertyError);
  const { failure, message } = error as WriterPropertyError;
  const html = failureReportHtml(failure, ref);
  const printed = /^ {2}replay: (.+)$/m.exec(message)![1];
  expect(html).toContain(`<code id="replay-command">${printed}</code>`);
  expect(html).toContain(`<dd class="mono" data-field="trace hash">${failure.run.hash}</dd>`);
  expect(html).toContain(`<div class="violation" data-invariant="${failure.invariants[0]}">`);
});
