// Calls made from inside an acknowledgement (a flush callback, a 'finish' handler): the
// call starts the moment the one before it settles, with no scheduler step between -- and
// such calls are drawn only for writers that ask for them.
import fc from 'fast-check';
import { DEFAULT_BOUNDS, scenarioArbitrary } from './scenario-arbitrary';
import { singleHandleScenario } from './scenario';
import { simulate } from './simulation';
import { describeWorkload } from './workload';
import type { LogHandle, LogWriterFactory, ReadBack } from './writer-contract';

const EMPTY: ReadBack = { present: true, itemIds: [], metaFirst: true, reportedLines: [], endsWithNewline: true };

/** A writer whose flush waits on one file operation, so its acknowledgement comes at a step of its own. */
const writer: LogWriterFactory = {
  name: 'flush-does-io',
  async open(env, home) {
    const handle: LogHandle = {
      clone: () => handle,
      append: async () => ({ status: 'queued' }),
      persist: async () => ({ status: 'ok' }),
      flush: async () => {
        await env.fs.mkdir(`${home}/x`, { recursive: true });
        return { status: 'ok' };
      },
      shutdown: async () => ({ status: 'ok' }),
    };
    return { handle, path: `${home}/log` };
  },
  readBack: async () => EMPTY,
};

test("an append made from inside the flush's acknowledgement starts as the flush settles, before any other event", async () => {
  const run = await simulate(writer, singleHandleScenario([{ kind: 'flush' }, { kind: 'append', durable: 1, transient: 0, fromCallback: true }]));
  expect(run.end).toEqual({ kind: 'completed' });
  const lines = run.trace.toText().split('\n');
  const settled = lines.findIndex((l) => /h1 flush -> ok/.test(l));
  expect(lines[settled + 1]).toMatch(/h1 calls append \[h1\.0\]/);
  const [flush, append] = run.calls;
  expect(append.startStep).toBe(flush.settledStep);
  expect(describeWorkload(run.scenario.workload)).toBe('h1: flush then in its callback append(1); sd1: shutdown via handle');
});

test('calls from callbacks are drawn only when the bounds allow them, and never on bursts', () => {
  const drawn = (callsFromCallbacks: boolean) =>
    fc
      .sample(scenarioArbitrary({ ...DEFAULT_BOUNDS, callsFromCallbacks }), { seed: 7, numRuns: 200 })
      .flatMap((s) => s.workload.actors.flatMap((a) => (a.kind === 'handle' ? a.ops : [])))
      .filter((op) => op.kind !== 'burst' && op.fromCallback);
  expect(drawn(false)).toEqual([]);
  const some = drawn(true);
  expect(some.length).toBeGreaterThan(20);
  expect(new Set(some.map((op) => op.kind))).toEqual(new Set(['append', 'flush', 'persist']));
});
