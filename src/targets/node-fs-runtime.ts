// The runtime every built-in target runs on: its package loaded with the simulated
// node:fs (fs-redirect.ts), that node:fs bound to each run's file system (node-fs-binding.ts).
import type { SimFileSystem } from '../sim/sim-fs';
import { loadTarget } from './fs-redirect';
import { bindNodeFs } from './node-fs-binding';
import type { TargetRuntime } from './target-adapter';

export const NODE_FS_RUNTIME: TargetRuntime<SimFileSystem> = { load: loadTarget, bindNodeFs };
