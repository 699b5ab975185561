// Loads a user's writer module for `rollout-sim run --recorder ./module.ts`. The module
// exports a LogWriterFactory as `writer` or as its default export; anything else is
// refused with a message that names what is missing.
import * as path from 'node:path';
import { installRealDiskGuard } from '../env/real-disk-guard';
import { checkFactory, WriterContractError, type LogWriterFactory } from '../sim/writer-contract';

export class WriterModuleError extends Error {
  override name = 'WriterModuleError';
}

const TYPESCRIPT = /\.[cm]?ts$/;

/**
 * A TypeScript writer module needs a loader. From this repository's sources the bin has
 * registered ts-node already; the compiled package registers one only now, for a .ts
 * module: tsx if the user's project has it, else ts-node, else a clear refusal.
 */
function ensureTypeScriptLoader(specifier: string): void {
  if (require.extensions['.ts'] !== undefined) return;
  const loaders: Array<() => void> = [
    () => (require('tsx/cjs/api') as { register(): void }).register(),
    () => (require('ts-node') as { register(o: object): void }).register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } }),
  ];
  for (const register of loaders) {
    try {
      register();
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND') throw err;
    }
  }
  throw new WriterModuleError(`recorder module ${specifier} is TypeScript and no loader is installed: add tsx (npm i -D tsx) or ts-node to your project, or compile it to JavaScript`);
}

export function loadWriterModule(specifier: string, cwd: string): LogWriterFactory {
  const resolved = path.resolve(cwd, specifier);
  let loaded: unknown;
  // Before the module loads, so a reference it takes to node:fs at load time is guarded too.
  installRealDiskGuard();
  try {
    if (TYPESCRIPT.test(resolved)) ensureTypeScriptLoader(specifier);
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
