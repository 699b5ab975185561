// The npm loggers rollout-sim tests out of the box, by `--target` name: each buggy release
// beside the release that fixed it, installed side by side (npm aliases).
import type { LogWriterFactory } from '../sim/writer-contract';
import { LOG4JS_TARGETS } from './adapters/log4js';
import { SONIC_BOOM_TARGETS } from './adapters/sonic-boom';
import { WINSTON_TARGETS } from './adapters/winston';
import { NODE_FS_RUNTIME } from './node-fs-runtime';
import type { Target } from './target-writer';

export const TARGETS: readonly Target[] = [...SONIC_BOOM_TARGETS, ...WINSTON_TARGETS, ...LOG4JS_TARGETS];

export class UnknownTargetError extends Error {
  override name = 'UnknownTargetError';
  constructor(name: string) {
    super(`unknown target ${JSON.stringify(name)}; built-in targets: ${TARGETS.map((a) => a.name).join(', ')} (rollout-sim targets lists them)`);
  }
}

export function targetWriterFor(name: string): LogWriterFactory {
  const found = TARGETS.find((t) => t.name === name);
  if (!found) throw new UnknownTargetError(name);
  return found.writer(NODE_FS_RUNTIME);
}
