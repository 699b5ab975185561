// The runtime every built-in target runs on: its package loaded with the simulated
// node:fs (fs-redirect.ts), that node:fs bound to each run's file system (node-fs-binding.ts).
import type { SimFileSystem } from '../sim/sim-fs';
import { loadTarget } from './fs-redirect';
import { bindNodeFs } from './node-fs-binding';
import type { LogWriterFactory } from '../sim/writer-contract';
import type { TargetAdapter, TargetRuntime } from './target-adapter';
import { targetWriter } from './target-writer';

export const NODE_FS_RUNTIME: TargetRuntime<SimFileSystem> = { load: loadTarget, bindNodeFs };

/**
 * A writer under test made from a logger that calls node:fs itself -- an npm package, or
 * your own module (`module` an absolute path, e.g. `require.resolve('./my-logger')`) --
 * loaded unmodified with the simulated node:fs. Export it from a `--recorder` module.
 */
export function nodeLoggerWriter<Logger>(adapter: TargetAdapter<Logger>): LogWriterFactory {
  return targetWriter(adapter, NODE_FS_RUNTIME);
}
