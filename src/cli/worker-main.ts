// The watchdog's worker: runs the command exactly as the main thread would, and posts
// everything it would have printed, with a heartbeat as each run starts (see watchdog.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { CliHooks } from './cli-hooks';
import { main } from './main';
import type { WorkerMessage } from './worker-messages';

const port = parentPort;
if (!port) throw new Error('worker-main.ts runs only as the watchdog worker (src/cli/watchdog.ts)');
const post = (m: WorkerMessage) => port.postMessage(m);

const hooks: CliHooks = {
  onRunStart: (beat) => post({ kind: 'beat', beat }),
  progress(total, label) {
    post({ kind: 'progress-start', total, label });
    return { update: (done) => post({ kind: 'progress', done }), stop: () => post({ kind: 'progress-stop' }) };
  },
  err: (line) => post({ kind: 'err', line }),
};

main((workerData as { argv: string[] }).argv, (line) => post({ kind: 'out', line }), hooks).then(
  (code) => post({ kind: 'exit', code }),
  (err: unknown) => post({ kind: 'crash', stack: err instanceof Error && err.stack ? err.stack : String(err) }),
);
