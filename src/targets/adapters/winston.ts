// winston's File transport, as its README shows it: a logger with one File transport and
// a format that writes each record's message as it is. There is no flush: a flush answers
// `failed` (it promises nothing). Shutdown is `logger.end()`, acknowledged by the File
// transport's 'finish', the event users wait for before exiting.
// 3.18.3 has winston#1504: 'finish' is emitted before the data is in the file. 3.19.0
// makes the transport's _final wait for its file stream to finish.
import type { TargetAdapter } from '../target-adapter';
import { target, type Target } from '../target-writer';

interface Emitter {
  once(event: string, listener: (arg?: unknown) => void): void;
  on(event: string, listener: (arg?: unknown) => void): void;
}
interface WinstonLogger extends Emitter {
  info(message: string): void;
  end(): void;
}
interface Winston {
  createLogger(o: object): WinstonLogger;
  format: { printf(f: (info: { message: unknown }) => string): unknown };
  transports: { File: new (o: object) => Emitter };
}

interface Logger {
  logger: WinstonLogger;
  file: Emitter;
  error?: Error;
  finished?: Promise<Error | undefined>;
}

function winston(version: '3.18.3' | '3.19.0', known: string): TargetAdapter<Logger> {
  return {
    name: `winston@${version}`,
    module: `winston-${version}`,
    known,
    acknowledges: 'visible',
    afterEnd: { kind: 'closed', why: "a winston logger is a stream: a write after end() is Node's ERR_STREAM_WRITE_AFTER_END error" },
    // The transport ends every record with its own EOL.
    ownEol: true,
    create(pkg, filename) {
      const w = pkg as Winston;
      const file = new w.transports.File({ filename });
      const logger = w.createLogger({ format: w.format.printf((info) => String(info.message)), transports: [file] });
      const state: Logger = { logger, file };
      const onError = (err: unknown) => (state.error ??= err instanceof Error ? err : new Error(String(err)));
      logger.on('error', onError);
      file.on('error', onError);
      return state;
    },
    write(state, record) {
      state.logger.info(record);
    },
    flush: async () => new Error('winston has no flush: nothing is promised'),
    end(state) {
      if (state.error && !state.finished) state.finished = Promise.resolve(state.error);
      state.finished ??= new Promise((resolve) => {
        state.file.once('finish', () => resolve(state.error));
        state.file.once('error', (err) => resolve(err instanceof Error ? err : new Error(String(err))));
      });
      state.logger.end();
      return state.finished;
    },
  };
}

export const WINSTON_TARGETS: readonly Target[] = [
  target(winston('3.18.3', "winston#1504: the File transport's 'finish' is emitted before the data is in the file")),
  target(winston('3.19.0', "waits for its file before 'finish' (winston#1504), but never emits 'finish' after a failed write")),
];
