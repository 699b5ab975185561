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
// A successful fsync makes the whole file durable: the dirty range goes to disk, and the
// dropped range becomes a hole that reads back as NUL bytes once the file's size covers
// it. A crash cuts every file back to its durable image plus a seed-chosen part of its
// dirty range (writeback that happened to run before power went), which may end mid-line:
// a torn write. Dropped pages never survive a crash.
//
// Simplified: directory entries are durable once made (a real crash can also lose a new
// file's name until its directory is fsynced); writeback before a crash keeps a prefix of
// the dirty range, never a scattered set of pages; files are never truncated or rewritten.
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

  /** A successful fsync: everything visible is on disk, dropped pages as a hole of NULs. */
  sync(path: string): void {
    const visible = this.visible(path);
    const file = this.fileOf(path);
    const hole = Math.max(0, file.clean - file.image.length);
    const dirty = visible.subarray(Math.max(file.clean, file.image.length));
    if (hole > 0) file.holes.push({ start: file.image.length, end: file.clean });
    file.image = Buffer.concat([file.image, Buffer.alloc(hole), dirty]);
    file.clean = visible.length;
  }

  /** A failed fsync under Linux's semantics: the dirty pages are marked clean, not written. */
  dropDirty(path: string): number {
    const size = this.visible(path).length;
    const file = this.fileOf(path);
    const dropped = size - file.clean;
    file.clean = size;
    return dropped;
  }

  durableBytes(path: string): number {
    return this.disk.get(path)?.image.length ?? 0;
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
