// The page-cache model. memfs holds what readers see (the page cache); this holds what
// the disk holds: each file's durable image. Files here are append-only, so a file's
// visible bytes split in three ranges:
//
//   [0, durable)       on disk: an fsync wrote them;
//   [durable, clean)   dropped: an fsync failed and the kernel marked their pages clean
//                      without writing them (Linux since 4.13 does this on a writeback
//                      error -- PostgreSQL's "fsyncgate"); readers still see them, the
//                      disk never will, and a later fsync does not write them;
//   [clean, size)      dirty: written, not yet synced.
//
// A successful fsync makes durable what the file held when it was called -- bytes written
// while it is in flight stay dirty (fsync(2) promises nothing of them, so a group commit
// that joins an fsync already under way has no promise for its own write) -- the dirty
// range goes to disk, and the dropped range becomes a hole that reads back as NUL bytes once the file's size covers
// it. A crash cuts every file back to its durable image plus a seed-chosen part of its
// dirty range (writeback that happened to run before power went), which may end mid-line:
// a torn write. Dropped pages never survive a crash.
//
// Files written through node:fs (sim-node-ops.ts) may also be truncated, rewritten in
// place, renamed and unlinked, and the cache is told of each:
//
// - a write below the clean mark (a positional write into written bytes) lowers it to the
//   write's offset: from there on the file is dirty again. A successful fsync writes the
//   whole range; a crash keeps the durable image's old bytes there but for a prefix of the
//   dirty range, as it keeps a prefix of appended bytes.
// - a truncation (an open with O_TRUNC, writeFile) cuts the durable image and the clean
//   mark to the new size at once;
// - a rename moves a file's (or a directory's files') durable state to the new name, and
//   an unlink forgets it, at once.
//
// Simplified: directory entries are durable once made, and so are renames, unlinks and
// truncations (a real crash can lose a new file's name or a rename until its directory is
// fsynced, and can leave a truncated file's old blocks); writeback before a crash keeps a
// prefix of the dirty range, never a scattered set of pages; a rewrite marks everything
// after it dirty, pages a failed fsync dropped included.
import type { Volume } from 'memfs';

type Vol = InstanceType<typeof Volume>;

/** A byte range of a file, [start, end). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface CrashReport {
  path: string;
  durableBytes: number;
  lostBytes: number;
  keptUnsyncedBytes: number;
  /** Of the lost bytes, those a failed fsync dropped: NULs after the crash if kept bytes follow them, else gone. */
  droppedBytes?: number;
  /** Ranges of the file after the crash that read as NULs: pages a failed fsync dropped, with later bytes on disk after them. */
  holes?: ByteRange[];
}

interface DiskFile {
  /** What an fsync last put on disk. */
  image: Buffer;
  /** Visible bytes before this offset are not dirty: on disk, or dropped by a failed fsync. */
  clean: number;
  /** Ranges of the image that are NULs where dropped pages should have been. */
  holes: ByteRange[];
}

const EMPTY = Buffer.alloc(0);

export class PageCache {
  private readonly disk = new Map<string, DiskFile>();

  constructor(private readonly volume: Vol) {}

  /**
   * A successful fsync: what was visible when it was called (`upTo` bytes; all of it if
   * not given) is on disk, dropped pages as a hole of NULs. fsync(2) promises nothing of
   * bytes written while it was in flight: they stay dirty, as the strictest kernel leaves them.
   */
  sync(path: string, upTo?: number): void {
    const whole = this.visible(path);
    const visible = upTo === undefined || upTo >= whole.length ? whole : whole.subarray(0, upTo);
    const file = this.fileOf(path);
    if (file.clean < file.image.length) {
      // Rewritten in place since the last fsync: what is on disk from the clean mark on is rewritten too.
      file.image = file.image.subarray(0, file.clean);
      file.holes = clipHoles(file.holes, 0, file.clean);
    }
    const hole = Math.max(0, file.clean - file.image.length);
    const dirty = visible.subarray(Math.max(file.clean, file.image.length));
    if (hole > 0) file.holes.push({ start: file.image.length, end: file.clean });
    file.image = Buffer.concat([file.image, Buffer.alloc(hole), dirty]);
    // Pages dropped beyond what this fsync covers stay dropped.
    file.clean = Math.max(file.clean, visible.length);
  }

  /** A failed fsync under Linux's semantics: the dirty pages are marked clean, not written. */
  dropDirty(path: string): number {
    const size = this.visible(path).length;
    const file = this.fileOf(path);
    const dropped = size - file.clean;
    file.clean = size;
    return dropped;
  }

  /** A write at `offset`: if it lands below the clean mark, the file is dirty from there on. */
  rewritten(path: string, offset: number): void {
    const file = this.disk.get(path);
    if (file && offset < file.clean) file.clean = offset;
  }

  /** The file was cut to `length` bytes (O_TRUNC, writeFile): durable at once. */
  truncated(path: string, length: number): void {
    const file = this.disk.get(path);
    if (!file) return;
    file.image = file.image.subarray(0, Math.min(file.image.length, length));
    file.clean = Math.min(file.clean, length);
    file.holes = clipHoles(file.holes, 0, length);
  }

  /** `from` (a file, or a directory and every file under it) is now `to`: durable at once. */
  renamed(from: string, to: string): void {
    const moved = [...this.disk.entries()].filter(([path]) => path === from || path.startsWith(`${from}/`));
    this.removed(to);
    for (const [path] of moved) this.disk.delete(path);
    for (const [path, file] of moved) this.disk.set(to + path.slice(from.length), file);
  }

  /** `path` (a file, or a directory and every file under it) is gone. */
  removed(path: string): void {
    for (const known of [...this.disk.keys()]) if (known === path || known.startsWith(`${path}/`)) this.disk.delete(known);
  }

  durableBytes(path: string): number {
    return this.disk.get(path)?.image.length ?? 0;
  }

  /** How many bytes readers see now: what an fsync called now promises. */
  visibleLength(path: string): number {
    return Number(this.volume.statSync(path, { throwIfNoEntry: false })?.size ?? 0);
  }

  /** The bytes readers see now (none for a file that does not exist): a copy, as memfs's readFileSync already hands out one. */
  visibleImage(path: string): Buffer {
    return this.volume.existsSync(path) ? this.visible(path) : EMPTY;
  }

  /** The bytes a crash that kept nothing of the dirty range would leave. */
  durableImage(path: string): Buffer {
    return this.disk.get(path)?.image ?? EMPTY;
  }

  /** Every file in the volume, in sorted order. */
  paths(): string[] {
    return this.files('/');
  }

  /** Applies a crash to every file; `keepPerMille` of each file's dirty bytes survive. */
  crash(keepPerMille: number): CrashReport[] {
    const reports: CrashReport[] = [];
    for (const path of this.files('/')) {
      const visible = this.visible(path);
      const { image, clean, holes } = this.disk.get(path) ?? { image: EMPTY, clean: 0, holes: [] };
      if (clean < Math.min(image.length, visible.length)) {
        reports.push(this.crashRewritten(path, visible, image, clean, holes, keepPerMille));
        continue;
      }
      const durable = Math.min(image.length, visible.length);
      const dirtyFrom = Math.max(clean, durable);
      const dirty = visible.length - dirtyFrom;
      const dropped = dirtyFrom - durable;
      const kept = Math.floor((dirty * keepPerMille) / 1000);
      // Kept writeback past a dropped range extends the file over it: the hole reads as NULs.
      const after = kept > 0 ? Buffer.concat([image.subarray(0, durable), Buffer.alloc(dropped), visible.subarray(dirtyFrom, dirtyFrom + kept)]) : image.subarray(0, durable);
      if (!after.equals(visible)) this.volume.writeFileSync(path, after);
      const report: CrashReport = { path, durableBytes: durable, lostBytes: dirty - kept + dropped, keptUnsyncedBytes: kept };
      if (dropped > 0) report.droppedBytes = dropped;
      const holesAfter = [...holes.filter((h) => h.start < durable), ...(kept > 0 && dropped > 0 ? [{ start: durable, end: dirtyFrom }] : [])];
      if (holesAfter.length) report.holes = holesAfter;
      reports.push(report);
    }
    return reports;
  }

  /**
   * A crash of a file rewritten in place below its durable size: the image's old bytes
   * from the clean mark on, but for a prefix of the dirty range that writeback reached.
   */
  private crashRewritten(path: string, visible: Buffer, image: Buffer, clean: number, holes: readonly ByteRange[], keepPerMille: number): CrashReport {
    const dirty = visible.length - clean;
    const kept = Math.floor((dirty * keepPerMille) / 1000);
    const keptEnd = clean + kept;
    const after = Buffer.concat([image.subarray(0, clean), visible.subarray(clean, keptEnd), image.subarray(Math.min(keptEnd, image.length))]);
    if (!after.equals(visible)) this.volume.writeFileSync(path, after);
    const report: CrashReport = { path, durableBytes: Math.min(image.length, after.length), lostBytes: dirty - kept, keptUnsyncedBytes: kept };
    const holesAfter = [...clipHoles(holes, 0, clean), ...clipHoles(holes, keptEnd, image.length)];
    if (holesAfter.length) report.holes = holesAfter;
    return report;
  }

  private fileOf(path: string): DiskFile {
    let file = this.disk.get(path);
    if (!file) {
      file = { image: EMPTY, clean: 0, holes: [] };
      this.disk.set(path, file);
    }
    return file;
  }

  private visible(path: string): Buffer {
    return this.volume.readFileSync(path) as Buffer;
  }

  private files(dir: string): string[] {
    const out: string[] = [];
    for (const name of (this.volume.readdirSync(dir) as string[]).sort()) {
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
      if (this.volume.statSync(path).isDirectory()) out.push(...this.files(path));
      else out.push(path);
    }
    return out;
  }
}

/** The parts of `holes` inside [from, to). */
function clipHoles(holes: readonly ByteRange[], from: number, to: number): ByteRange[] {
  return holes.filter((h) => h.end > from && h.start < to).map((h) => ({ start: Math.max(h.start, from), end: Math.min(h.end, to) }));
}
