// An npm logger as a writer under test: the LogWriterFactory the simulator drives, built
// from a TargetAdapter (see target-adapter.ts for the contract). Every handle is the one
// logger; an append hands each durable item over as one JSON record; a flush and every
// shutdown call the package's own flush and end; the file is read back record by record.
import type { FileSystem } from '../env/env';
import type { SimFileSystem } from '../sim/sim-fs';
import type { CallOutcome, LogHandle, LogWriterFactory, ReadBack, SimItem } from '../sim/writer-contract';
import { installGlobalTime } from './global-time';
import type { TargetAdapter, TargetRuntime } from './target-adapter';

/** One record per item: its id, and its text with that text's length in bytes, so a record whose bytes were mangled is told apart. */
export function recordLine(item: SimItem): string {
  const record = item.text === undefined ? { id: item.id } : { id: item.id, text: item.text, bytes: Buffer.byteLength(item.text) };
  return `${JSON.stringify(record)}\n`;
}

function outcomeOf(error: Error | undefined): CallOutcome {
  return error ? { status: 'failed', message: error.message } : { status: 'ok' };
}

/** A built-in target as the registry lists it: its adapter's words, and the writer it makes. */
export interface Target {
  readonly name: string;
  readonly module: string;
  readonly known: string;
  writer(runtime: TargetRuntime<SimFileSystem>): LogWriterFactory;
}

export function target<Logger>(adapter: TargetAdapter<Logger>): Target {
  return { name: adapter.name, module: adapter.module, known: adapter.known, writer: (runtime) => targetWriter(adapter, runtime) };
}

export function targetWriter<Logger>(adapter: TargetAdapter<Logger>, runtime: TargetRuntime<SimFileSystem>): LogWriterFactory {
  return {
    name: adapter.name,
    hasSession: false,
    textPayloads: true,
    callsFromCallbacks: true,
    acknowledges: adapter.acknowledges,
    bindWorld(world) {
      const unbindFs = runtime.bindNodeFs(world.fs);
      const restoreTime = installGlobalTime(world);
      return () => {
        restoreTime();
        unbindFs();
      };
    },
    async open(env, home) {
      const dir = `${home}/logs`;
      await env.fs.mkdir(dir, { recursive: true });
      // Named after the target (a module may be given as an absolute path).
      const path = `${dir}/${adapter.name.replace(/[^\w.@-]+/g, '-')}.jsonl`;
      const logger = await adapter.create(runtime.load(adapter.module), path);
      let ending = false;
      const handle: LogHandle = {
        clone: () => handle,
        async append(items) {
          const durable = items.filter((i) => i.durable);
          if (durable.length === 0) return { status: 'filtered' };
          // The adapter's stated mapping of a write after end (see afterEnd.why): not made, answered closed.
          if (ending && adapter.afterEnd.kind === 'closed') return { status: 'closed' };
          for (const item of durable) {
            const line = recordLine(item);
            adapter.write(logger, adapter.ownEol ? line.slice(0, -1) : line);
          }
          return { status: 'queued' };
        },
        // A logger's file exists from the moment it is created: nothing to materialise.
        persist: async () => ({ status: 'ok' }),
        async flush() {
          if (ending) return { status: 'closed' };
          return outcomeOf(await adapter.flush(logger));
        },
        async shutdown() {
          ending = true;
          return outcomeOf(await adapter.end(logger));
        },
      };
      return { handle, path };
    },
    readBack: readRecords,
  };
}

/** The records in the file: ids of whole lines that parse and whose text has its byte count; every other line reported. */
export async function readRecords(fs: FileSystem, path: string): Promise<ReadBack> {
  let text: string;
  try {
    text = await fs.readFile(path);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return { present: false, reason: `${path} does not exist` };
    throw err;
  }
  const itemIds: string[] = [];
  const reportedLines: number[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line === '' && i === lines.length - 1) return;
    // A last line without a newline is torn, even if it parses.
    if (i === lines.length - 1) return void reportedLines.push(i + 1);
    const id = recordId(line);
    if (id === undefined) reportedLines.push(i + 1);
    else itemIds.push(id);
  });
  return { present: true, itemIds, metaFirst: true, reportedLines, endsWithNewline: text.endsWith('\n') };
}

function recordId(line: string): string | undefined {
  let record: { id?: unknown; text?: unknown; bytes?: unknown };
  try {
    record = JSON.parse(line) as typeof record;
  } catch {
    return undefined;
  }
  if (typeof record?.id !== 'string') return undefined;
  if (record.text !== undefined && (typeof record.text !== 'string' || Buffer.byteLength(record.text) !== record.bytes)) return undefined;
  return record.id;
}
