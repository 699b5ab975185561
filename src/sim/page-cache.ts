// The page-cache model. memfs holds what readers see (the page cache); this tracks how
// much of each file is durable. fsync makes a file's current bytes durable; a crash cuts
// every file back to its durable bytes plus a seed-chosen part of the rest, which may end
// mid-line: a torn write. Files here are append-only, so "durable" is a prefix length.
// Directory entries are taken as durable once made (a simplification: a real crash can
// also lose a new file's name until its directory is fsynced).
import type { Volume } from 'memfs';

type Vol = InstanceType<typeof Volume>;

export interface CrashReport {
  path: string;
  durableBytes: number;
  lostBytes: number;
  keptUnsyncedBytes: number;
}

export class PageCache {
  private readonly durable = new Map<string, number>();

  constructor(private readonly volume: Vol) {}

  sync(path: string): void {
    this.durable.set(path, this.volume.statSync(path).size as number);
  }

  durableBytes(path: string): number {
    return this.durable.get(path) ?? 0;
  }

  /** The bytes that survive a crash that keeps nothing of the unsynced tail. */
  durableImage(path: string): Buffer {
    const content = this.volume.readFileSync(path) as Buffer;
    return content.subarray(0, Math.min(this.durableBytes(path), content.length));
  }

  /** Every file in the volume, in sorted order. */
  paths(): string[] {
    return this.files('/');
  }

  /** Applies a crash to every file; `keepPerMille` of each file's unsynced bytes survive. */
  crash(keepPerMille: number): CrashReport[] {
    const reports: CrashReport[] = [];
    for (const path of this.files('/')) {
      const content = this.volume.readFileSync(path) as Buffer;
      const durable = Math.min(this.durableBytes(path), content.length);
      const unsynced = content.length - durable;
      const kept = Math.floor((unsynced * keepPerMille) / 1000);
      if (unsynced > 0) this.volume.writeFileSync(path, content.subarray(0, durable + kept));
      reports.push({ path, durableBytes: durable, lostBytes: unsynced - kept, keptUnsyncedBytes: kept });
    }
    return reports;
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
