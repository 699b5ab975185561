// A batching front end over the catalogue's log file (log-file.ts), correct, as many Node
// loggers are built: appends gather in memory and a timer writes them out BATCH_MS later
// (or a barrier does first). Every piece of file work -- a timed write, a barrier -- runs
// one at a time on one promise chain, in the order it was asked for, so a barrier sees
// every byte appended before it. Shutdown is idempotent and clears the timer (a pending
// timer would keep the process alive). The fixed twin of the catalogue's batching bugs.
import type { Env, FileSystem, TimerHandle, Timers } from '../../../src/env/env';
import type { CallOutcome, LogHandle, LogWriterFactory, SimItem } from '../../../src/sim/writer-contract';
import { itemLines, metaLine, readLog } from './jsonl-log';
import { CLOSED, FILTERED, LogFile, QUEUED, type Barrier } from './log-file';

export const BATCH_MS = 20;

export class BufferedLog extends LogFile {
  /** Appended, not yet handed to the file. */
  protected batch: Buffer[] = [];
  protected timer: TimerHandle | undefined;
  protected state: 'open' | 'draining' | 'closed' = 'open';
  private stopping: Promise<CallOutcome> | undefined;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    fs: FileSystem,
    path: string,
    meta: string,
    protected readonly timers: Timers,
  ) {
    super(fs, path, meta);
  }

  append(items: readonly SimItem[]): CallOutcome {
    if (this.state !== 'open') return CLOSED;
    const bytes = itemLines(items);
    if (!bytes) return FILTERED;
    this.batch.push(bytes);
    this.timer ??= this.timers.setTimeout(() => this.onTimer(), BATCH_MS);
    return QUEUED;
  }

  barrier(kind: Exclude<Barrier, 'shutdown'>): Promise<CallOutcome> {
    if (this.state !== 'open') return Promise.resolve(CLOSED);
    return this.serially(() => this.process(kind));
  }

  shutdown(): Promise<CallOutcome> {
    this.stopping ??= this.stop();
    return this.stopping;
  }

  protected async stop(): Promise<CallOutcome> {
    this.state = 'draining';
    this.cancelTimer();
    const outcome = await this.serially(() => this.process('shutdown'));
    this.state = 'closed';
    return outcome;
  }

  protected onTimer(): void {
    this.timer = undefined;
    void this.serially(() => this.writeBatch());
  }

  /** Hands the batch to the file. */
  protected writeBatch(): Promise<void> {
    const bytes = this.takeBatch();
    return bytes.length ? this.writeOut(bytes) : Promise.resolve();
  }

  protected override process(kind: Barrier): Promise<CallOutcome> {
    this.pending = Buffer.concat([this.pending, this.takeBatch()]);
    return super.process(kind);
  }

  protected takeBatch(): Buffer {
    const bytes = Buffer.concat(this.batch);
    this.batch = [];
    return bytes;
  }

  protected cancelTimer(): void {
    if (this.timer) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Runs `task` after every task asked for before it. */
  protected serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

function handleOf(log: BufferedLog): LogHandle {
  return {
    clone: () => handleOf(log),
    append: async (items) => log.append(items),
    persist: () => log.barrier('persist'),
    flush: () => log.barrier('flush'),
    shutdown: () => log.shutdown(),
  };
}

export function bufferedLogWriter(name: string, Log: new (fs: FileSystem, path: string, meta: string, timers: Timers) => BufferedLog = BufferedLog): LogWriterFactory {
  return {
    name,
    async open(env: Env, home: string) {
      const log = new Log(env.fs, `${home}/log/buffered.jsonl`, metaLine(env.clock.now()), env.timers);
      return { handle: handleOf(log), path: log.path };
    },
    readBack: readLog,
  };
}

/** The catalogue's correct batching log: the fixed twin of every bug built on this file. */
export const bufferedLog = bufferedLogWriter('buffered-log');

/** So that `rollout-sim run --recorder bench/bugs/log/buffered-log.ts` runs the twin itself. */
export { bufferedLog as writer };
