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
import type { AckLevel, LogWriterFactory, ReadBack } from './writer-contract';

type Vol = InstanceType<typeof Volume>;

export class AckSnapshots {
  private readonly images = new Map<CallRecord, Buffer>();

  constructor(
    private readonly factory: LogWriterFactory,
    private readonly cache: PageCache,
  ) {}

  get level(): AckLevel {
    return this.factory.acknowledges ?? 'durable';
  }

  /** Copies the file as it stands now, for `record`'s acknowledgement. */
  take(record: CallRecord, path: string): void {
    // No copy: the page cache replaces a durable image (concat, subarray) and never writes into one, and visibleImage is a copy already.
    this.images.set(record, this.level === 'visible' ? this.cache.visibleImage(path) : this.cache.durableImage(path));
  }

  /** Reads each copy back with the writer's reader and sets the record's `fileAtAck` (readBackImages). */
  async readBack(path: string, final?: Reading): Promise<void> {
    await readBackImages(this.factory, this.images, path, final);
  }
}

/** A copy of the file and what the writer's reader made of it. */
export interface Reading {
  bytes: Buffer;
  readBack: ReadBack;
}

/**
 * Reads each record's copy of the file at `path` back with the writer's reader and sets the
 * record's `fileAtAck`. Copies with the same bytes are read once, and one that equals the
 * file as the run left it takes that file's reading (`final`), already made. Readings are
 * looked up by length first: a run with a flush every few calls takes thousands of copies,
 * nearly all of different lengths, and comparing each with every earlier one was quadratic.
 */
export async function readBackImages(factory: LogWriterFactory, images: ReadonlyMap<CallRecord, Buffer>, path: string, final?: Reading): Promise<void> {
  const read = new Map<number, Reading[]>();
  const remember = (reading: Reading) => {
    const sameLength = read.get(reading.bytes.length);
    if (sameLength) sameLength.push(reading);
    else read.set(reading.bytes.length, [reading]);
  };
  if (final) remember(final);
  let volume: Vol | undefined;
  for (const [record, image] of images) {
    let known = read.get(image.length)?.find((r) => r.bytes.equals(image));
    if (!known) {
      if (!volume) {
        volume = new Volume();
        volume.mkdirSync(posix.dirname(path), { recursive: true });
      }
      volume.writeFileSync(path, image);
      known = { bytes: image, readBack: (await boundedReadBack(factory, volumeFileSystem(volume), path)).readBack };
      remember(known);
    }
    record.fileAtAck = known.readBack;
  }
}
