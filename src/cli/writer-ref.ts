// Resolving `--variant NAME` or `--recorder ./module.ts` to the writer under test.
import { writerForVariant } from '../adapters/variants';
import { loadWriterModule } from '../adapters/writer-module';
import type { WriterRef } from '../campaign/failure';
import type { LogWriterFactory } from '../sim/writer-contract';

export class WriterChoiceError extends Error {
  override name = 'WriterChoiceError';
}

export function writerRefFrom(opts: { variant?: string; recorder?: string }): WriterRef {
  if (opts.variant !== undefined && opts.recorder !== undefined) throw new WriterChoiceError('give either --variant or --recorder, not both');
  if (opts.variant !== undefined) return { variant: opts.variant };
  if (opts.recorder !== undefined) return { recorder: opts.recorder };
  throw new WriterChoiceError('say which writer to test: --variant legacy|flag-only|reference, or --recorder ./module.ts');
}

export function resolveWriter(ref: WriterRef, cwd: string): LogWriterFactory {
  return 'variant' in ref ? writerForVariant(ref.variant) : loadWriterModule(ref.recorder, cwd);
}
