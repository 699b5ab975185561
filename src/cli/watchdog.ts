// The command line's watchdog. A writer under test is arbitrary code: it may loop forever
// without yielding, or keep the microtask queue full so that nothing else ever runs --
// and in the process that runs it no timer can then fire and no message can be printed.
// So a command that simulates runs does its work in a worker thread, and the main thread
// only watches: the worker reports each run as it starts (a heartbeat naming the run and
// the command that replays it), its output lines and its progress. If a run goes longer
// than the wall-clock limit, the main thread terminates the worker -- V8 stops even a
// `while (true) {}` -- and reports a `run-timeout` failure for that run: exit 1, never
// counted as a pass. When the worker has answered, it is terminated too, so a writer that
// left a microtask storm or a live handle behind cannot keep the process from exiting.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunBeat } from '../campaign/run-beat';
import { progressFor, type Progress } from './progress';
import { htmlPathFrom } from './html-option';
import { runTimeoutFrom, WATCHED_COMMANDS } from './run-timeout';
import type { WorkerMessage } from './worker-messages';

/** Time the worker gets to load (ts-node, the writer's module, the corpus) before its first heartbeat, on top of the run limit. */
export const STARTUP_ALLOWANCE_MS = 60_000;
/** How often the main thread looks at the clock. */
const WATCH_INTERVAL_MS = 100;

export interface WatchOptions {
  /** Modules the worker requires before its entry: the TypeScript loader the bin registered. */
  preload: readonly string[];
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** Whether argv names a command that simulates runs (the rest -- help, version, demo -- run in this thread). */
export function isWatched(argv: readonly string[]): boolean {
  return WATCHED_COMMANDS.includes(argv[2] ?? '');
}

export function watchedMain(argv: readonly string[], o: WatchOptions): Promise<number> {
  const out = o.out ?? ((line: string) => console.log(line));
  const err = o.err ?? ((line: string) => console.error(line));
  const limitS = runTimeoutFrom(argv);
  const entry = join(__dirname, `worker-main${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
  const source = [...o.preload, entry].map((m) => `require(${JSON.stringify(m)});`).join('\n');
  const worker = new Worker(source, { eval: true, workerData: { argv: [...argv] } });

  return new Promise((resolve) => {
    let lastBeat: RunBeat | undefined;
    let deadline = Date.now() + STARTUP_ALLOWANCE_MS + limitS * 1000;
    let progress: Progress | undefined;
    let answered = false;
    const finish = (code: number) => {
      if (answered) return;
      answered = true;
      clearInterval(watch);
      progress?.stop();
      void worker.terminate().then(() => resolve(code));
    };
    const watch = setInterval(() => {
      if (Date.now() <= deadline) return;
      progress?.stop();
      progress = undefined;
      for (const line of timeoutReport(lastBeat, limitS)) out(line);
      const html = htmlPathFrom(argv);
      if (html !== undefined) out(`html report: none written to ${html} -- a run that did not finish leaves no trace to draw`);
      finish(1);
    }, WATCH_INTERVAL_MS);

    worker.on('message', (m: WorkerMessage) => {
      if (answered) return;
      deadline = Date.now() + limitS * 1000;
      switch (m.kind) {
        case 'beat':
          lastBeat = m.beat;
          deadline += m.beat.allowMs ?? 0;
          break;
        case 'out':
          out(m.line);
          break;
        case 'err':
          err(m.line);
          break;
        case 'progress-start':
          progress = progressFor(m.total, process.stderr, m.label);
          break;
        case 'progress':
          progress?.update(m.done);
          break;
        case 'progress-stop':
          progress?.stop();
          progress = undefined;
          break;
        case 'exit':
          finish(m.code);
          break;
        case 'crash':
          err(m.stack);
          finish(2);
          break;
      }
    });
    worker.on('error', (e) => {
      err(e.stack ?? String(e));
      finish(2);
    });
    worker.on('exit', (code) => {
      if (answered) return;
      err(`rollout-sim: the worker running the command exited (code ${code}) without answering`);
      finish(2);
    });
  });
}

/** The report of a run the watchdog stopped, shaped like every other failure report. */
export function timeoutReport(beat: RunBeat | undefined, limitS: number): string[] {
  const what = beat?.run ?? 'loading the writer (before the first run started)';
  const lines = [
    'FAILED run-timeout (watchdog)',
    `  [run-timeout] ${what} did not finish within ${limitS} s of wall-clock time: ` +
      'the writer is stuck in a synchronous loop, or keeps the microtask queue so full that nothing else runs; the worker running it was stopped',
  ];
  if (beat?.replay) {
    const shrinking = beat.run.startsWith('a shrink candidate');
    lines.push(`  replay${shrinking ? ' (the failure being shrunk; the candidate that hung is not recorded)' : ''}: ${beat.replay}`);
  }
  return lines;
}
