// The shipped writers by name: the three variants of the rollout recorder.
import { parseVariant, VARIANT_NAMES } from '../recorder/index';
import type { LogWriterFactory } from '../sim/writer-contract';
import { rolloutRecorderWriter } from './rollout-recorder-writer';

export { VARIANT_NAMES };

/** The writer for a variant name; throws UnknownVariantError naming the known ones. */
export function writerForVariant(name: string): LogWriterFactory {
  return rolloutRecorderWriter(parseVariant(name));
}
