// log4js's file appender, configured as its README shows: one `file` appender that
// writes each message as it is (the messagePassThrough layout). There is no flush: a
// flush answers `failed` (it promises nothing). Shutdown is `log4js.shutdown(cb)`,
// acknowledged by its callback; every shutdown call of a run calls it.
// 6.3.0 has log4js#1005: a second shutdown() writes to the ended file stream and the
// records still buffered are lost. 6.4.0 fixes that by forgetting its appenders at the
// first shutdown -- so a second one finds none and calls back ok at once, before the
// first has written anything (found here; bench/confirm/log4js-second-shutdown.js).
import type { TargetAdapter } from '../target-adapter';
import { target, type Target } from '../target-writer';

interface Log4js {
  configure(config: object): unknown;
  getLogger(category?: string): { info(message: string): void };
  shutdown(cb: (err?: Error) => void): void;
}

interface Logger {
  log4js: Log4js;
  info(message: string): void;
}

function log4js(version: '6.3.0' | '6.4.0', known: string): TargetAdapter<Logger> {
  return {
    name: `log4js@${version}`,
    module: `log4js-${version}`,
    known,
    acknowledges: 'visible',
    afterEnd: { kind: 'closed', why: 'log4js.shutdown() disables all log writing: events after it are dropped, as its documentation says' },
    // The appender ends every record with its own EOL.
    ownEol: true,
    create(pkg, filename) {
      const l = pkg as Log4js;
      // configure() replaces the whole configuration (the module is one per process): a fresh file per run.
      l.configure({
        appenders: { file: { type: 'file', filename, layout: { type: 'messagePassThrough' } } },
        categories: { default: { appenders: ['file'], level: 'info' } },
      });
      const logger = l.getLogger();
      return { log4js: l, info: (message) => logger.info(message) };
    },
    write(logger, record) {
      logger.info(record);
    },
    flush: async () => new Error('log4js has no flush: nothing is promised'),
    end: (logger) => new Promise((resolve) => logger.log4js.shutdown((err) => resolve(err ?? undefined))),
  };
}

export const LOG4JS_TARGETS: readonly Target[] = [
  target(log4js('6.3.0', 'log4js#1005: a second shutdown() writes after end and loses buffered records')),
  target(log4js('6.4.0', 'fixes log4js#1005, but a second shutdown() calls back before the records are written')),
];
