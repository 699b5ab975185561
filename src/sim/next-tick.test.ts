// Settling drains process.nextTick as well as microtasks: a writer built on Node streams
// (whose callbacks come on nextTick) runs in the simulator as it does in Node.
import { Writable } from 'node:stream';
import { singleHandleScenario, type Scenario } from './scenario';
import { simulate } from './simulation';
import type { LogHandle, LogWriterFactory, ReadBack } from './writer-contract';

const SCENARIO: Scenario = singleHandleScenario([{ kind: 'append', durable: 2, transient: 0 }, { kind: 'flush' }]);

/** Items go through a Writable (its callbacks come on nextTick); the readBack lists what the sink took. */
function streamWriter(): LogWriterFactory & { taken: string[] } {
  const taken: string[] = [];
  return {
    name: 'stream-writer',
    taken,
    async open(_env, home) {
      taken.length = 0;
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          taken.push(...chunk.toString().trim().split('\n'));
          done();
        },
      });
      const handle: LogHandle = {
        clone: () => handle,
        append: (items) => new Promise((resolve) => sink.write(items.map((i) => i.id).join('\n') + '\n', () => resolve({ status: 'queued' }))),
        persist: async () => ({ status: 'ok' }),
        flush: () => new Promise((resolve) => process.nextTick(() => resolve({ status: 'ok' }))),
        shutdown: () => new Promise((resolve) => sink.end(() => resolve({ status: 'ok' }))),
      };
      return { handle, path: `${home}/log` };
    },
    readBack: async (): Promise<ReadBack> => ({ present: true, itemIds: [...taken], metaFirst: true, reportedLines: [], endsWithNewline: true }),
  };
}

test('a writer whose answers come on process.nextTick (a Node Writable) completes, every call answered', async () => {
  const writer = streamWriter();
  const r = await simulate(writer, SCENARIO);
  expect(r.end).toEqual({ kind: 'completed' });
  expect(r.calls.map((c) => `${c.op} ${c.outcome?.status}`)).toEqual(['append queued', 'flush ok', 'shutdown ok']);
  expect(writer.taken).toEqual(['h1.0', 'h1.1']);
});

test('one scenario gives one trace for a nextTick writer', async () => {
  const a = await simulate(streamWriter(), SCENARIO);
  const b = await simulate(streamWriter(), SCENARIO);
  expect(b.hash).toBe(a.hash);
});
