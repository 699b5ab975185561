// A durability acknowledgement is judged at the moment it is given: a writer that answers
// its flush before the fsync completes loses data for a process that exits right after,
// even in a run with no crash -- and is caught in such a run.
import type { FileHandle } from '../env/env';
import { singleHandleScenario } from '../sim/scenario';
import { simulate } from '../sim/simulation';
import type { CallOutcome, LogHandle, LogWriterFactory } from '../sim/writer-contract';
import { writer as naive } from '../../examples/naive-jsonl-writer';
import { checkAll } from './index';

/** A JSONL writer whose flush answers ok either after its fsync, or (eager) as soon as the fsync is started. */
function syncingWriter(eager: boolean): LogWriterFactory {
  return {
    name: eager ? 'acks-before-fsync' : 'acks-after-fsync',
    async open(env, home) {
      const path = `${home}/log.jsonl`;
      let file: Promise<FileHandle> | undefined;
      const opened = () => (file ??= env.fs.mkdir(home, { recursive: true }).then(() => env.fs.open(path, 'a')));
      const ok: CallOutcome = { status: 'ok' };
      const handle: LogHandle = {
        clone: () => handle,
        append: async (items) => {
          await (await opened()).write(Buffer.from(items.map((i) => `${JSON.stringify({ id: i.id })}\n`).join('')));
          return { status: 'queued' };
        },
        persist: async () => ok,
        flush: async () => {
          const sync = (await opened()).sync();
          if (!eager) await sync;
          return ok;
        },
        shutdown: async () => ok,
      };
      return { handle, path };
    },
    readBack: naive.readBack,
  };
}

const SCENARIO = singleHandleScenario([{ kind: 'append', durable: 2, transient: 0 }, { kind: 'flush' }]);

test('a flush answered before its fsync completed is a lost acknowledgement, found in a run without a crash', async () => {
  const run = await simulate(syncingWriter(true), SCENARIO);
  expect(run.end).toEqual({ kind: 'completed' });
  expect(run.faultsFired.crash).toBe(0);
  expect(checkAll(run)).toEqual([
    {
      invariant: 'no-acknowledged-item-lost',
      message: expect.stringMatching(/^2 item\(s\) not yet durable when h1's flush at step \d+ reported it durable \(settled at step \d+\): h1\.0, h1\.1 -- a process that exited right after the acknowledgement would have lost them/),
    },
  ]);
});

test('the same writer answering after its fsync holds', async () => {
  const run = await simulate(syncingWriter(false), SCENARIO);
  expect(run.end).toEqual({ kind: 'completed' });
  expect(checkAll(run)).toEqual([]);
  const flush = run.calls.find((c) => c.op === 'flush')!;
  expect(flush.durableAtAck).toMatchObject({ present: true, itemIds: ['h1.0', 'h1.1'] });
});
