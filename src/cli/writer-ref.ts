// Resolving `--variant NAME` or `--recorder ./module.ts` to the writer under test.
import { writerForVariant } from '../adapters/variants';
import { loadWriterModule } from '../adapters/writer-module';
import { targetWriterFor } from '../targets/registry';
import type { WriterRef } from '../campaign/failure';
import type { LogWriterFactory } from '../sim/writer-contract';

export class WriterChoiceError extends Error {
  override name = 'WriterChoiceError';
}

export function writerRefFrom(opts: { variant?: string; recorder?: string; target?: string }): WriterRef {
  const given = [opts.variant !== undefined && '--variant', opts.recorder !== undefined && '--recorder', opts.target !== undefined && '--target'].filter(Boolean);
  if (given.length > 1) throw new WriterChoiceError(`give one of --variant, --recorder or --target, not ${given.join(' and ')}`);
  if (opts.variant !== undefined) return { variant: opts.variant };
  if (opts.recorder !== undefined) return { recorder: opts.recorder };
  if (opts.target !== undefined) return { target: opts.target };
  throw new WriterChoiceError('say which writer to test: --variant legacy|flag-only|reference, --recorder ./module.ts, or --target PACKAGE@VERSION (see `rollout-sim targets`)');
}

export function resolveWriter(ref: WriterRef, cwd: string): LogWriterFactory {
  if ('variant' in ref) return writerForVariant(ref.variant);
  return 'target' in ref ? targetWriterFor(ref.target) : loadWriterModule(ref.recorder, cwd);
}
