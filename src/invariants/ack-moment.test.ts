// A durability acknowledgement is judged at the moment it is given: a writer that answers
// its flush before the fsync completes loses data for a process that exits right after,
// even in a run with no crash -- and is caught in such a run.
import type { FileHandle } from '../env/env';
import { singleHandleScenario } from '../sim/scenario';
import { simulate } from '../sim/simulation';
import type { AckLevel, CallOutcome, LogHandle, LogWriterFactory } from '../sim/writer-contract';
import { writer as naive } from '../../examples/naive-jsonl-writer';
import { checkAll } from './index';

/** A JSONL writer whose flush answers ok either after its fsync, or (eager) as soon as the fsync is started. */
function syncingWriter(eager: boolean, acknowledges: AckLevel = 'durable'): LogWriterFactory {
  return {
    name: eager ? 'acks-before-fsync' : 'acks-after-fsync',
    acknowledges,
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
      message: expect.stringMatching(/^2 item\(s\) not yet durable when h1's flush at step \d+ reported it durable \(settled at step \d+\): h1\.0, h1\.1 -- a process that lost power right after the acknowledgement would have lost them/),
      // Where it broke: the step the flush's acknowledgement was given at.
      at: { step: run.calls.find((c) => c.op === 'flush')!.settledStep, actor: 'h1' },
    },
  ]);
});

test('the same writer answering after its fsync holds', async () => {
  const run = await simulate(syncingWriter(false), SCENARIO);
  expect(run.end).toEqual({ kind: 'completed' });
  expect(checkAll(run)).toEqual([]);
  const flush = run.calls.find((c) => c.op === 'flush')!;
  expect(flush.fileAtAck).toMatchObject({ present: true, itemIds: ['h1.0', 'h1.1'] });
});

describe('a writer that acknowledges `visible` (a logger whose flush means "handed to the kernel")', () => {
  test('is held to the file as readers see it at the ack, not to fsync: answering before the fsync is fine', async () => {
    const run = await simulate(syncingWriter(true, 'visible'), SCENARIO);
    expect(checkAll(run)).toEqual([]);
    expect(run.acknowledges).toBe('visible');
  });

  test('but a flush answered before its buffered records were even written is caught (winston#1504 in miniature)', async () => {
    const buffered: LogWriterFactory = {
      name: 'finish-before-write',
      acknowledges: 'visible',
      async open(env, home) {
        const path = `${home}/log.jsonl`;
        const pending: string[] = [];
        const file = env.fs.mkdir(home, { recursive: true }).then(() => env.fs.open(path, 'a'));
        const ok: CallOutcome = { status: 'ok' };
        const handle: LogHandle = {
          clone: () => handle,
          append: async (items) => {
            pending.push(...items.map((i) => `${JSON.stringify({ id: i.id })}\n`));
            return { status: 'queued' };
          },
          persist: async () => ok,
          flush: async () => {
            const lines = pending.splice(0).join('');
            void file.then((f) => f.write(Buffer.from(lines)));
            return ok;
          },
          shutdown: async () => ok,
        };
        return { handle, path };
      },
      readBack: naive.readBack,
    };
    const run = await simulate(buffered, SCENARIO);
    expect(run.end).toEqual({ kind: 'completed' });
    expect(checkAll(run)).toContainEqual({
      invariant: 'no-acknowledged-item-lost',
      message: expect.stringMatching(/^2 item\(s\) not yet in the file when h1's flush at step \d+ reported it durable .*: h1\.0, h1\.1 -- a process that exited right after the acknowledgement would have lost them/),
      at: { step: run.calls.find((c) => c.op === 'flush')!.settledStep, actor: 'h1' },
    });
  });
});
