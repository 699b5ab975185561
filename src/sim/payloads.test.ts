// Text payloads: drawn only for a writer that asks, made from the item's id (so one
// scenario is one set of bytes), multibyte or a few KB -- the shapes byte-counting bugs need.
import fc from 'fast-check';
import { DEFAULT_BOUNDS, scenarioArbitrary } from './scenario-arbitrary';
import { describeWorkload, payloadText, plannedCalls, type ActorSpec } from './workload';

test('multibyte text has characters of more than one byte; large text spans more than a 4 KB write', () => {
  const multibyte = payloadText('multibyte', 'h1.0');
  expect(Buffer.byteLength(multibyte)).toBeGreaterThan(multibyte.length);
  expect(multibyte).toContain('h1.0');
  expect(Buffer.byteLength(payloadText('large', 'h1.0'))).toBeGreaterThan(4096);
  expect(payloadText('large', 'h1.0')).toBe(payloadText('large', 'h1.0'));
});

test("an append's payload gives each of its items its own text, durable or transient; no payload, no text", () => {
  const actor: ActorSpec = { kind: 'handle', name: 'h1', ops: [{ kind: 'append', durable: 2, transient: 1, payload: 'multibyte' }, { kind: 'append', durable: 1, transient: 0 }] };
  const [first, second] = plannedCalls(actor);
  expect(first.items.map((i) => i.text)).toEqual([payloadText('multibyte', 'h1.0'), payloadText('multibyte', 'h1.1'), payloadText('multibyte', 'h1.~2')]);
  expect(second.items).toEqual([{ id: 'h1.3', durable: true }]);
  expect(describeWorkload({ actors: [actor] })).toBe('h1: append(3, multibyte) append(1)');
});

test('payloads are drawn only when the bounds allow them, and then of both kinds', () => {
  const drawn = (payloads: boolean) =>
    fc
      .sample(scenarioArbitrary({ ...DEFAULT_BOUNDS, payloads }), { seed: 42, numRuns: 200 })
      .flatMap((s) => s.workload.actors.flatMap((a) => (a.kind === 'handle' ? a.ops : [])))
      .flatMap((op) => (op.kind === 'append' && op.payload ? [op.payload] : []));
  expect(drawn(false)).toEqual([]);
  expect(new Set(drawn(true))).toEqual(new Set(['multibyte', 'large']));
});
