// The scale section: bench/scale.ts, when present, measures how a run's cost grows with
// its number of calls (`measureScale(options): Promise<ScaleRow[]>`). It is loaded by path
// at run time so that the runner works before it lands; without it the section says
// "not measured". Its rows are shown as they come, one column per field.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type ScaleRow = Readonly<Record<string, unknown>>;

export type ScaleSection = { measured: true; rows: ScaleRow[] } | { measured: false; reason: string };

export class ScaleModuleError extends Error {
  override name = 'ScaleModuleError';
}

export async function measureScaleSection(options: { quick: boolean }): Promise<ScaleSection> {
  const path = join(__dirname, 'scale.ts');
  if (!existsSync(path)) return { measured: false, reason: 'not measured: bench/scale.ts is not in this checkout' };
  const loaded = require(path) as { measureScale?: unknown };
  if (typeof loaded.measureScale !== 'function') throw new ScaleModuleError('bench/scale.ts does not export a measureScale function');
  const rows: unknown = await (loaded.measureScale as (o: { quick: boolean }) => Promise<unknown>)(options);
  if (!Array.isArray(rows) || rows.some((r) => r === null || typeof r !== 'object')) throw new ScaleModuleError('bench/scale.ts measureScale did not resolve to a list of rows');
  return { measured: true, rows: rows as ScaleRow[] };
}
