// A small async append-log writer, written apart from src/recorder: the correct twin of
// most of the catalogue's bugs. Handles share one lifecycle (open -> draining -> closed)
// and one bounded command queue (capacity 256, senders wait when it is full) that a
// single background worker drains in order: each batch is written as it arrives, and a
// barrier writes what is left, fsyncs and (for a shutdown) closes -- log-file.ts, with
// its recovery from failed writes and its sticky fsync failure.
//
// Each catalogue bug built on this file subclasses `AppendLog` or `AppendLogHandle` (or
// LogFile's methods through AppendLog) and overrides one method with the slip a person
// makes in it; the rest is this code.
import type { Env, FileSystem } from '../../../src/env/env';
import type { CallOutcome, LogHandle, LogWriterFactory, SimItem } from '../../../src/sim/writer-contract';
import { CommandQueue } from './command-queue';
import { itemLines, metaLine, readLog } from './jsonl-log';
import { CLOSED, FILTERED, LogFile, QUEUED, type Barrier } from './log-file';

export { CLOSED, FILTERED, OK, QUEUED, type Barrier } from './log-file';
export type Command = { kind: 'add'; bytes: Buffer } | { kind: Barrier; done: (outcome: CallOutcome) => void };

export class AppendLog extends LogFile {
  readonly queue: CommandQueue<Command>;

  constructor(fs: FileSystem, path: string, meta: string) {
    super(fs, path, meta);
    this.queue = this.makeQueue();
    void this.work();
  }

  protected makeQueue(): CommandQueue<Command> {
    return new CommandQueue<Command>();
  }

  /** Queues a barrier; resolves with its outcome once the worker has processed it. */
  barrier(kind: Barrier): Promise<CallOutcome> {
    return new Promise((done) => void this.queue.send({ kind, done }));
  }

  private async work(): Promise<void> {
    for (;;) {
      const command = await this.queue.take();
      if (command.kind === 'add') {
        await this.add(command.bytes);
        continue;
      }
      command.done(await this.process(command.kind));
      if (command.kind === 'shutdown') return;
    }
  }

  /** A batch from the queue: written as it arrives. */
  protected add(bytes: Buffer): Promise<void> {
    return this.writeOut(bytes);
  }
}

/** The lifecycle every handle of one log shares. */
export interface Lifecycle {
  state: 'open' | 'draining' | 'closed';
  stopping?: Promise<CallOutcome>;
}

export class AppendLogHandle implements LogHandle {
  constructor(
    protected readonly log: AppendLog,
    protected readonly life: Lifecycle,
  ) {}

  clone(): LogHandle {
    return this.sharing(this.life);
  }

  /** A handle of this handle's own class on the same log, with `life`. */
  protected sharing(life: Lifecycle): LogHandle {
    const Handle = this.constructor as new (log: AppendLog, life: Lifecycle) => AppendLogHandle;
    return new Handle(this.log, life);
  }

  async append(items: readonly SimItem[]): Promise<CallOutcome> {
    if (this.life.state !== 'open') return CLOSED;
    const bytes = itemLines(items);
    if (!bytes) return FILTERED;
    await this.log.queue.send({ kind: 'add', bytes });
    return QUEUED;
  }

  persist(): Promise<CallOutcome> {
    if (this.life.state !== 'open') return Promise.resolve(CLOSED);
    return this.log.barrier('persist');
  }

  flush(): Promise<CallOutcome> {
    if (this.life.state !== 'open') return Promise.resolve(CLOSED);
    return this.log.barrier('flush');
  }

  /** Idempotent: every shutdown, from any handle, shares the first one's outcome. */
  shutdown(): Promise<CallOutcome> {
    this.life.stopping ??= this.stop();
    return this.life.stopping;
  }

  protected async stop(): Promise<CallOutcome> {
    this.life.state = 'draining';
    const outcome = await this.log.barrier('shutdown');
    this.life.state = 'closed';
    return outcome;
  }
}

export interface AppendLogDesign {
  name: string;
  /** The log class; AppendLog, correct, if absent. */
  log?: new (fs: FileSystem, path: string, meta: string) => AppendLog;
  /** The handle class; AppendLogHandle, correct, if absent. */
  handle?: new (log: AppendLog, life: Lifecycle) => AppendLogHandle;
  /** The reader; the correct one (jsonl-log.ts) if absent. */
  readBack?: LogWriterFactory['readBack'];
}

export function appendLogWriter(design: AppendLogDesign): LogWriterFactory {
  const Log = design.log ?? AppendLog;
  const Handle = design.handle ?? AppendLogHandle;
  return {
    name: design.name,
    async open(env: Env, home: string) {
      const log = new Log(env.fs, `${home}/log/append.jsonl`, metaLine(env.clock.now()));
      return { handle: new Handle(log, { state: 'open' }), path: log.path };
    },
    readBack: design.readBack ?? readLog,
  };
}

/** The catalogue's correct append log: the fixed twin of every bug built on this file. */
export const appendLog = appendLogWriter({ name: 'append-log' });

/** So that `rollout-sim run --recorder bench/bugs/log/append-log.ts` runs the twin itself. */
export { appendLog as writer };
