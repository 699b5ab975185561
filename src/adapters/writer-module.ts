// Loads a user's writer module for `rollout-sim run --recorder ./module.ts`. The module
// exports a LogWriterFactory as `writer` or as its default export; anything else is
// refused with a message that names what is missing.
import * as path from 'node:path';
import { installRealDiskGuard } from '../env/real-disk-guard';
import { checkFactory, WriterContractError, type LogWriterFactory } from '../sim/writer-contract';

export class WriterModuleError extends Error {
  override name = 'WriterModuleError';
}

export function loadWriterModule(specifier: string, cwd: string): LogWriterFactory {
  const resolved = path.resolve(cwd, specifier);
  let loaded: unknown;
  // Before the module loads, so a reference it takes to node:fs at load time is guarded too.
  installRealDiskGuard();
  try {
    // The bin registers ts-node, so a TypeScript module loads as well as a JavaScript one.
    loaded = require(resolved);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'MODULE_NOT_FOUND' && String((err as Error).message).includes(resolved)) {
      throw new WriterModuleError(`recorder module not found: ${specifier} (resolved to ${resolved})`);
    }
    throw new WriterModuleError(`recorder module ${specifier} failed to load: ${err instanceof Error ? err.message : String(err)}`);
  }
  const exports = loaded as { writer?: unknown; default?: unknown };
  const candidate = exports?.writer ?? exports?.default;
  if (candidate === undefined) {
    throw new WriterModuleError(
      `recorder module ${specifier} exports no writer: export a LogWriterFactory ({ name, open(env, home), readBack(fs, path) }) as \`writer\` or as the default export`,
    );
  }
  try {
    checkFactory(candidate, `${specifier}'s ${exports.writer !== undefined ? 'writer' : 'default'} export`);
  } catch (err) {
    if (err instanceof WriterContractError) throw new WriterModuleError(err.message);
    throw err;
  }
  return candidate;
}
