// An example of bringing your own writer: a naive JSONL logger that implements the
// writer contract directly. Try it:
//
//   npx rollout-sim run --recorder examples/naive-jsonl-writer.ts --runs 500
//
// It has no lifecycle shared by its handles: after one handle shuts down, another one's
// append writes to a closed file handle and throws -- the campaign finds and shrinks that.
import type { Env, FileHandle, FileSystem } from '../src/env/env';
import type { CallOutcome, LogHandle, LogWriterFactory, ReadBack, SimItem } from '../src/sim/writer-contract';

/** `ok` if the file operation succeeded, `failed` with its message if not. */
async function outcomeOf(operation: Promise<void>): Promise<CallOutcome> {
  try {
    await operation;
    return { status: 'ok' };
  } catch (err) {
    return { status: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
}

class NaiveLog {
  private handle: Promise<FileHandle> | undefined;
  constructor(
    private readonly fs: FileSystem,
    readonly path: string,
  ) {}
  private open(): Promise<FileHandle> {
    this.handle ??= this.fs.mkdir(this.path.slice(0, this.path.lastIndexOf('/')), { recursive: true }).then(() => this.fs.open(this.path, 'a', 0o600));
    return this.handle;
  }
  async append(items: readonly SimItem[]): Promise<CallOutcome> {
    const lines = items.filter((i) => i.durable).map((i) => JSON.stringify({ id: i.id }) + '\n');
    if (lines.length === 0) return { status: 'filtered' };
    await (await this.open()).write(Buffer.from(lines.join(''))); // no retry, no short-write loop
    return { status: 'queued' };
  }
  flush(): Promise<CallOutcome> {
    return outcomeOf(this.open().then((h) => h.sync()));
  }
  close(): Promise<CallOutcome> {
    return outcomeOf(this.open().then((h) => h.close()));
  }
}

function handleOf(log: NaiveLog): LogHandle {
  return {
    clone: () => handleOf(log),
    append: (items) => log.append(items),
    persist: () => log.flush(),
    flush: () => log.flush(),
    shutdown: () => log.close(),
  };
}

export const writer: LogWriterFactory = {
  name: 'naive-jsonl',
  async open(_env: Env, home: string) {
    const log = new NaiveLog(_env.fs, `${home}/logs/naive.jsonl`);
    return { handle: handleOf(log), path: log.path };
  },
  async readBack(fs: FileSystem, path: string): Promise<ReadBack> {
    let text: string;
    try {
      text = await fs.readFile(path);
    } catch {
      return { present: false, reason: `${path} does not exist` };
    }
    const itemIds: string[] = [];
    const reportedLines: number[] = [];
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (line === '') return;
      // A last line without a newline is torn, even if it parses: report it, never return it.
      if (i === lines.length - 1) return void reportedLines.push(i + 1);
      try {
        itemIds.push((JSON.parse(line) as { id: string }).id);
      } catch {
        reportedLines.push(i + 1);
      }
    });
    return { present: true, itemIds, metaFirst: true, reportedLines, endsWithNewline: text.endsWith('\n') };
  },
};
