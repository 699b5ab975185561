// Acknowledgements judged at the moment they are given. As a flush or shutdown settles
// ok, the writer's file is copied as it stands -- its durable image, or for a writer that
// acknowledges `visible`, what readers see -- and after the run each copy is read back
// with the writer's own reader, so the invariant can ask whether everything the
// acknowledgement covered was already there: what a process that lost power (or exited)
// right after it would have left.
import { posix } from 'node:path';
import { Volume } from 'memfs';
import { volumeFileSystem } from '../env/memory-env';
import type { PageCache } from './page-cache';
import { boundedReadBack } from './read-back';
import type { CallRecord } from './run-result';
import type { AckLevel, LogWriterFactory } from './writer-contract';

type Vol = InstanceType<typeof Volume>;

export class AckSnapshots {
  private readonly images = new Map<CallRecord, Buffer>();

  constructor(
    private readonly factory: LogWriterFactory,
    private readonly volume: Vol,
    private readonly cache: PageCache,
  ) {}

  get level(): AckLevel {
    return this.factory.acknowledges ?? 'durable';
  }

  /** Copies the file as it stands now, for `record`'s acknowledgement. */
  take(record: CallRecord, path: string): void {
    const visible = () => (this.volume.existsSync(path) ? Buffer.from(this.volume.readFileSync(path) as Buffer) : Buffer.alloc(0));
    this.images.set(record, this.level === 'visible' ? visible() : Buffer.from(this.cache.durableImage(path)));
  }

  /** Reads each copy back with the writer's reader and sets the record's `fileAtAck`. */
  async readBack(path: string): Promise<void> {
    for (const [record, image] of this.images) {
      const volume = new Volume();
      volume.mkdirSync(posix.dirname(path), { recursive: true });
      volume.writeFileSync(path, image);
      record.fileAtAck = (await boundedReadBack(this.factory, volumeFileSystem(volume), path)).readBack;
    }
  }
}
