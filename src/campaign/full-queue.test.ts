// Full queues: a writer whose bounded queue wakes waiting senders newest first writes a
// caller's items out of its order, but only once the queue fills. Without bursts no run
// fills it and the bug passes; with them the default campaign catches it, and the same
// writer waking senders oldest first is not flagged.
import type { Env, FileHandle, FileSystem } from '../env/env';
import fc from 'fast-check';
import { ALL_INVARIANTS, checkAll } from '../invariants/index';
import { DEFAULT_BOUNDS } from '../sim/scenario-arbitrary';
import { singleHandleScenario } from '../sim/scenario';
import { simulate } from '../sim/simulation';
import type { CallOutcome, LogHandle, LogWriterFactory, ReadBack, SimItem } from '../sim/writer-contract';
import { runCampaign } from './campaign';
import { boundsFor } from './profiles';
import { RunStats } from './run-stats';
import { writerProperty } from './writer-property';

const QUEUE_CAPACITY = 256;

type Command = { kind: 'add'; text: string } | { kind: 'flush' | 'persist' | 'shutdown'; done: (o: CallOutcome) => void };

/** A bounded queue with one receiver; `wake` says which waiting sender gets room first. */
class Queue {
  private readonly items: Command[] = [];
  private readonly senders: Array<{ command: Command; admit: (admitted: boolean) => void }> = [];
  private receiver: ((c: Command | undefined) => void) | undefined;
  private closed = false;
  constructor(private readonly wake: 'oldest' | 'newest') {}

  /** Resolves true once queued, false if the queue closed first. */
  send(command: Command): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.receiver) {
      const receive = this.receiver;
      this.receiver = undefined;
      receive(command);
      return Promise.resolve(true);
    }
    if (this.items.length < QUEUE_CAPACITY) {
      this.items.push(command);
      return Promise.resolve(true);
    }
    return new Promise((admit) => this.senders.push({ command, admit }));
  }

  recv(): Promise<Command | undefined> {
    const next = this.items.shift();
    if (next) {
      const sender = this.wake === 'oldest' ? this.senders.shift() : this.senders.pop();
      if (sender) {
        this.items.push(sender.command);
        sender.admit(true);
      }
      return Promise.resolve(next);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.receiver = resolve));
  }

  close(): void {
    this.closed = true;
    for (const s of this.senders.splice(0)) s.admit(false);
  }
}

/**
 * A small log writer: one JSON line per item, a background task that writes each command
 * as it comes, fsync on flush and shutdown, and after any I/O error nothing more written
 * and every later barrier failed (so it never claims what it could not do).
 */
function queueWriter(name: string, wake: 'oldest' | 'newest'): LogWriterFactory {
  return {
    name,
    async open(env: Env, home: string) {
      const dir = `${home}/logs`;
      const path = `${dir}/log.jsonl`;
      const queue = new Queue(wake);
      let file: FileHandle | undefined;
      let broken: string | undefined;
      const writeAll = async (fh: FileHandle, text: string) => {
        for (let rest = Buffer.from(text); rest.length > 0; ) rest = rest.subarray((await fh.write(rest)).bytesWritten);
      };
      const guarded = async (work: () => Promise<void>) => {
        if (broken) return;
        try {
          await work();
        } catch (err) {
          broken = err instanceof Error ? err.message : String(err);
        }
      };
      const created = async (): Promise<FileHandle> => {
        if (file) return file;
        await env.fs.mkdir(dir, { recursive: true });
        const fh = await env.fs.open(path, 'a');
        file = fh;
        await writeAll(fh, '{"meta":true}\n');
        return fh;
      };
      void (async () => {
        for (let command = await queue.recv(); command; command = await queue.recv()) {
          if (command.kind === 'add') {
            const text = command.text;
            await guarded(async () => writeAll(await created(), text));
            continue;
          }
          const kind = command.kind;
          await guarded(async () => {
            if (kind === 'persist') await created();
            else if (file) await file.sync();
            if (kind === 'shutdown' && file) await file.close();
          });
          command.done(broken ? { status: 'failed', message: broken } : { status: 'ok' });
          if (kind === 'shutdown') queue.close();
        }
      })();

      let stopping: Promise<CallOutcome> | undefined;
      const barrier = async (kind: 'flush' | 'persist' | 'shutdown'): Promise<CallOutcome> => {
        let done!: (o: CallOutcome) => void;
        const answered = new Promise<CallOutcome>((resolve) => (done = resolve));
        return (await queue.send({ kind, done })) ? answered : { status: 'closed' };
      };
      const handle: LogHandle = {
        clone: () => handle,
        async append(items: readonly SimItem[]) {
          if (stopping) return { status: 'closed' };
          const text = items.filter((i) => i.durable).map((i) => `${JSON.stringify({ id: i.id })}\n`).join('');
          if (!text) return { status: 'filtered' };
          return (await queue.send({ kind: 'add', text })) ? { status: 'queued' } : { status: 'closed' };
        },
        persist: () => (stopping ? Promise.resolve({ status: 'closed' }) : barrier('persist')),
        flush: () => (stopping ? Promise.resolve({ status: 'closed' }) : barrier('flush')),
        shutdown: () => (stopping ??= barrier('shutdown')),
      };
      return { handle, path };
    },
    async readBack(fs: FileSystem, path: string): Promise<ReadBack> {
      const text = await fs.readFile(path).catch(() => undefined);
      const lines = text?.split('\n') ?? [];
      if (lines[0] !== '{"meta":true}') return { present: false, reason: `no metadata line in ${path}` };
      const itemIds: string[] = [];
      const reportedLines: number[] = [];
      lines.slice(1).forEach((line, i) => {
        if (line === '' && i === lines.length - 2) return;
        const id = (() => {
          try {
            return (JSON.parse(line) as { id?: unknown }).id;
          } catch {
            return undefined;
          }
        })();
        if (typeof id === 'string') itemIds.push(id);
        else reportedLines.push(i + 2);
      });
      return { present: true, itemIds, metaFirst: true, reportedLines, endsWithNewline: text!.endsWith('\n') };
    },
  };
}

const wakesNewestFirst = queueWriter('wakes-newest-sender-first', 'newest');
const wakesOldestFirst = queueWriter('wakes-oldest-sender-first', 'oldest');
const ref = { recorder: 'src/campaign/full-queue.test.ts' };

test('a full queue that wakes the newest sender first writes a caller out of its order; woken oldest first, it does not', async () => {
  const scenario = singleHandleScenario([{ kind: 'burst', calls: 260, durable: 1 }]);
  const bad = await simulate(wakesNewestFirst, scenario);
  expect(bad.backpressure?.waitedCalls).toBeGreaterThan(0);
  expect(checkAll(bad).map((v) => v.message).join('\n')).toMatch(/h1's items are out of its own order/);
  const good = await simulate(wakesOldestFirst, scenario);
  expect(good.backpressure?.waitedCalls).toBeGreaterThan(0);
  expect(checkAll(good)).toEqual([]);
});

describe('the default campaign', () => {
  test('without bursts, no queue fills and the wake-order bug goes unseen', async () => {
    const stats = new RunStats();
    const property = writerProperty(wakesNewestFirst, {
      invariants: ALL_INVARIANTS,
      bounds: { ...boundsFor(wakesNewestFirst, 'default'), burstPerMille: 0 },
      onRun: (run, violations) => stats.record(run, violations.length > 0),
    });
    const details = await fc.check(property, { numRuns: 200, seed: 11 });
    expect(details.failed).toBe(false);
    expect(stats.runsWithWaitingCaller).toBe(0);
  });

  test('catches it by "replay equals recorded history", shrunk to one burst just past the queue', async () => {
    const result = await runCampaign({ writer: wakesNewestFirst, ref, numRuns: 200, seed: 11 });
    const failure = result.failure!;
    expect(failure.invariants).toContain('replay-equals-history');
    // Woken newest first, a caller's later append overtakes its earlier one, or the shutdown
    // overtakes an append it then drops: either way the caller's history is not the file's.
    expect(failure.violations.map((v) => v.message).join('\n')).toMatch(/items are out of its own order|accepted item\(s\) are not in the file/);
    const bursts = failure.scenario.workload.actors.flatMap((a) => (a.kind === 'handle' ? a.ops.filter((o) => o.kind === 'burst') : []));
    expect(bursts).toHaveLength(1);
    expect(bursts[0].calls).toBeLessThanOrEqual(DEFAULT_BOUNDS.minLargeBurstCalls + 2);
  });

  test('does not flag the writer that wakes senders in order, and fills its queue in a good share of runs', async () => {
    const runs = 200;
    let waiting = 0;
    const result = await runCampaign({ writer: wakesOldestFirst, ref, numRuns: runs, seed: 11, onProgress: (stats) => (waiting = stats.runsWithWaitingCaller) });
    expect(result.failure).toBeUndefined();
    expect(waiting).toBeGreaterThan(runs / 10);
  });
});
