// sonic-boom, what `pino.destination()` returns: an asynchronous file writer. Used as
// pino's users use it for speed: `sync: false` with a `minLength` buffer, acknowledged by
// the flush callback (called on the 'drain' after the buffer is written) and by 'finish'
// after `end()` (emitted once the file is fsynced and closed).
// 4.2.0 has sonic-boom#139: records with multibyte characters are counted in characters
// where bytes were written, and an asynchronous end() drops what was queued. 4.2.1 fixes it.
import type { TargetAdapter } from '../target-adapter';
import { target, type Target } from '../target-writer';

interface Sonic {
  write(data: string): boolean;
  flush(cb: (err?: Error) => void): void;
  end(): void;
  on(event: 'error', listener: (err: Error) => void): void;
  once(event: 'ready' | 'finish' | 'error', listener: (err?: Error) => void): void;
}

/** A buffer of this many bytes before sonic-boom writes on its own: below it, only a flush or end writes. */
const MIN_LENGTH = 4096;

interface Logger {
  sonic: Sonic;
  /** The first 'error' the stream emitted: every later acknowledgement fails with it. */
  error?: Error;
  /** Settles on 'finish' (or the error), created by the first end(). */
  finished?: Promise<Error | undefined>;
}

function sonicBoom(version: '4.2.0' | '4.2.1', known: string): TargetAdapter<Logger> {
  return {
    name: `sonic-boom@${version}`,
    module: `sonic-boom-${version}`,
    known,
    acknowledges: 'visible',
    afterEnd: { kind: 'closed', why: 'a stream takes no writes after end(): SonicBoom buffers them and never writes them' },
    async create(pkg, file) {
      const SonicBoom = pkg as new (o: object) => Sonic;
      const sonic = new SonicBoom({ dest: file, sync: false, minLength: MIN_LENGTH, mkdir: false });
      const logger: Logger = { sonic };
      // Without a listener an 'error' would be thrown out of the file system's callback.
      sonic.on('error', (err) => (logger.error ??= err));
      // Used once its file is open ('ready'), as its README describes for sync: false.
      await new Promise<void>((resolve) => {
        sonic.once('ready', () => resolve());
        sonic.once('error', () => resolve());
      });
      return logger;
    },
    write(logger, record) {
      logger.sonic.write(record);
    },
    flush(logger) {
      if (logger.error) return Promise.resolve(logger.error);
      return new Promise((resolve) => logger.sonic.flush((err) => resolve(err ?? logger.error)));
    },
    end(logger) {
      // end() is for one call: once the stream has closed, another throws 'SonicBoom
      // destroyed'. A second shutdown therefore waits for the first one's 'finish' -- an
      // explicit mapping of the package's contract, not a caught throw.
      if (logger.finished) return logger.finished;
      // After an 'error' sonic-boom may never finish: the failure is the answer.
      logger.finished = logger.error
        ? Promise.resolve(logger.error)
        : new Promise((resolve) => {
            logger.sonic.once('finish', () => resolve(logger.error));
            logger.sonic.once('error', (err) => resolve(err));
          });
      logger.sonic.end();
      return logger.finished;
    },
  };
}

export const SONIC_BOOM_TARGETS: readonly Target[] = [
  target(sonicBoom('4.2.0', 'sonic-boom#139: an asynchronous end() drops queued records that contain multibyte characters')),
  target(sonicBoom('4.2.1', 'fixes sonic-boom#139, but end() during a flush(cb) write never calls the flush callback')),
];
