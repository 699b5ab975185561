// What a run leaves behind on its files, read by the harness once the run has ended: one
// trace entry per file with the hashes of its visible and durable bytes (so two runs that
// wrote different bytes have different trace hashes), and the facts about the writer's
// own file that its reader is checked against.
import type { Volume } from 'memfs';
import { fileFacts, type FileFacts } from './file-facts';
import type { PageCache } from './page-cache';
import type { RunEnd } from './run-result';
import { contentHash, type TraceEntry } from './trace';

type Vol = InstanceType<typeof Volume>;

export type FileStateEntry = Omit<Extract<TraceEntry, { kind: 'file' }>, 'step' | 't'>;

/** Every file's state, in path order. */
export function fileStates(volume: Vol, cache: PageCache): FileStateEntry[] {
  return cache.paths().map((path) => {
    const visible = volume.readFileSync(path) as Buffer;
    const durable = cache.durableImage(path);
    return { kind: 'file', path, visible: contentHash(visible), visibleBytes: visible.length, durable: contentHash(durable), durableBytes: durable.length };
  });
}

/** The writer's file as the harness sees it, if `path` names a regular file: after a crash with the holes it left, and what the disk holds. */
export function writerFileFacts(volume: Vol, cache: PageCache, path: string, end: RunEnd): FileFacts | undefined {
  const stat = volume.statSync(path, { throwIfNoEntry: false });
  if (!stat?.isFile()) return undefined;
  const holes = end.kind === 'crashed' ? end.files.find((f) => f.path === path)?.holes : undefined;
  return { ...fileFacts(volume.readFileSync(path) as Buffer, holes), durable: cache.durableImage(path) };
}
