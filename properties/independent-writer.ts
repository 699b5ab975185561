// An append-log writer written apart from src/recorder, to hold the harness to the bugs it
// has never seen: correct as written, and each `Bug` is one realistic slip a person makes
// in such a writer. Items are buffered by `append` and written at barriers; handles share
// one state and one serial task queue, so barriers run one at a time in call order.
import type { Env, FileHandle, FileSystem } from '../src/env/env';
import type { CallOutcome, LogHandle, LogWriterFactory, ReadBack, SimItem } from '../src/sim/writer-contract';

export const INDEPENDENT_BUGS = [
  /** Shutdown writes and closes but skips the fsync: "close flushes anyway". */
  'shutdown-skips-fsync',
  /** A failed fsync is retried, and the retry's success reported: Linux's fsyncgate. */
  'fsync-retried-into-ok',
  /** The reader drops an unparsable last line silently: "it is only a partial write". */
  'reader-ignores-torn-tail',
  /** After a write error, the retry path forgets to mark the file dirty, so the flush skips its fsync. */
  'retry-forgets-dirty',
] as const;
export type IndependentBug = (typeof INDEPENDENT_BUGS)[number];

const META = '{"meta":true}\n';

class Log {
  private pending: Buffer = Buffer.from(META);
  private handle: FileHandle | undefined;
  /** Bytes this writer knows reached the file. */
  private size = 0;
  /** Whether bytes went in since the last successful fsync. */
  private dirty = false;
  /** A failure no later barrier may paper over: a failed fsync, or a write that failed twice. */
  private broken: string | undefined;
  private state: 'open' | 'closing' | 'closed' = 'open';
  private tail: Promise<unknown> = Promise.resolve();
  private stopping: Promise<CallOutcome> | undefined;

  constructor(
    private readonly fs: FileSystem,
    readonly path: string,
    private readonly bug: IndependentBug | undefined,
  ) {}

  append(items: readonly SimItem[]): Promise<CallOutcome> {
    if (this.state !== 'open') return Promise.resolve({ status: 'closed' });
    const lines = items.filter((i) => i.durable).map((i) => `${JSON.stringify({ id: i.id })}\n`);
    if (lines.length === 0) return Promise.resolve({ status: 'filtered' });
    this.pending = Buffer.concat([this.pending, Buffer.from(lines.join(''))]);
    return Promise.resolve({ status: 'queued' });
  }

  barrier(sync: boolean): Promise<CallOutcome> {
    if (this.state !== 'open') return Promise.resolve({ status: 'closed' });
    return this.serially(() => this.writeOut(sync));
  }

  shutdown(): Promise<CallOutcome> {
    if (this.stopping) return this.stopping;
    this.state = 'closing';
    this.stopping = this.serially(async () => {
      let outcome = await this.writeOut(this.bug !== 'shutdown-skips-fsync');
      const handle = this.handle;
      this.handle = undefined;
      this.state = 'closed';
      const closeError = await handle?.close().then(
        () => undefined,
        (err: unknown) => String(err),
      );
      if (closeError && outcome.status === 'ok') outcome = { status: 'failed', message: `close: ${closeError}` };
      return outcome;
    });
    return this.stopping;
  }

  private serially(task: () => Promise<CallOutcome>): Promise<CallOutcome> {
    const run = this.tail.then(task, task);
    this.tail = run;
    return run;
  }

  private async writeOut(sync: boolean): Promise<CallOutcome> {
    try {
      if (this.broken) throw new Error(this.broken);
      await this.writePending();
      // Nothing written since the last fsync: nothing to sync (the optimisation the retry-forgets-dirty bug breaks).
      if (sync && this.dirty) await this.sync();
      return { status: 'ok' };
    } catch (err) {
      return { status: 'failed', message: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Writes what is pending; after a failure, once more on a fresh handle from where the file ends. */
  private async writePending(): Promise<void> {
    try {
      await this.writeSome(await this.open());
      this.dirty = true;
    } catch (first) {
      await this.handle?.close().catch(() => undefined);
      this.handle = undefined;
      try {
        const handle = await this.open();
        const { size } = await this.fs.stat(this.path);
        this.pending = this.pending.subarray(Math.max(0, Math.min(this.pending.length, size - this.size)));
        this.size = size;
        await this.writeSome(handle);
        if (this.bug !== 'retry-forgets-dirty') this.dirty = true;
      } catch (second) {
        this.broken = `writes failed twice: ${String(first)}; ${String(second)}`;
        throw second;
      }
    }
  }

  private async writeSome(handle: FileHandle): Promise<void> {
    while (this.pending.length > 0) {
      const { bytesWritten } = await handle.write(this.pending);
      if (bytesWritten <= 0) throw new Error(`write made no progress on ${this.path}`);
      this.pending = this.pending.subarray(bytesWritten);
      this.size += bytesWritten;
    }
  }

  private async sync(): Promise<void> {
    const handle = await this.open();
    try {
      await handle.sync();
    } catch (err) {
      if (this.bug !== 'fsync-retried-into-ok') {
        this.broken = `an fsync failed: ${String(err)}`;
        throw err;
      }
      await handle.sync();
    }
    this.dirty = false;
  }

  private async open(): Promise<FileHandle> {
    if (!this.handle) {
      await this.fs.mkdir(this.path.slice(0, this.path.lastIndexOf('/')), { recursive: true });
      this.handle = await this.fs.open(this.path, 'a', 0o600);
    }
    return this.handle;
  }
}

function handleOf(log: Log): LogHandle {
  return {
    clone: () => handleOf(log),
    append: (items) => log.append(items),
    persist: () => log.barrier(false),
    flush: () => log.barrier(true),
    shutdown: () => log.shutdown(),
  };
}

async function readBack(fs: FileSystem, path: string, bug: IndependentBug | undefined): Promise<ReadBack> {
  const text = await fs.readFile(path).catch(() => undefined);
  if (text === undefined) return { present: false, reason: `${path} does not exist` };
  const endsWithNewline = text.endsWith('\n');
  const lines = text.split('\n');
  if (endsWithNewline) lines.pop();
  const itemIds: string[] = [];
  const reportedLines: number[] = [];
  let metaLine: number | undefined;
  lines.forEach((line, i) => {
    const last = i === lines.length - 1 && !endsWithNewline;
    let parsed: { id?: unknown; meta?: unknown } | undefined;
    try {
      parsed = last && bug !== 'reader-ignores-torn-tail' ? undefined : (JSON.parse(line) as typeof parsed);
    } catch {
      parsed = undefined;
    }
    if (parsed?.meta === true && metaLine === undefined) metaLine = i + 1;
    else if (typeof parsed?.id === 'string') itemIds.push(parsed.id);
    else if (!(last && bug === 'reader-ignores-torn-tail')) reportedLines.push(i + 1);
  });
  if (metaLine === undefined) return { present: false, reason: `${path} has no complete metadata line` };
  return { present: true, itemIds, metaFirst: metaLine === 1, reportedLines, endsWithNewline };
}

/** The writer, correct, or with one bug. */
export function independentWriter(bug?: IndependentBug): LogWriterFactory {
  return {
    name: bug ? `independent(${bug})` : 'independent',
    async open(env: Env, home: string) {
      const log = new Log(env.fs, `${home}/log/independent.jsonl`, bug);
      return { handle: handleOf(log), path: log.path };
    },
    readBack: (fs, path) => readBack(fs, path, bug),
  };
}
