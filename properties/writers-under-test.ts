// The writers the property suite holds to the invariants: the reference recorder, and,
// when ROLLOUT_SIM_RECORDER names a module, the user's own writer too.
import { writerForVariant } from '../src/adapters/variants';
import { loadWriterModule } from '../src/adapters/writer-module';
import type { WriterRef } from '../src/campaign/failure';
import type { LogWriterFactory } from '../src/sim/writer-contract';

export interface WriterUnderTest {
  ref: WriterRef;
  writer: LogWriterFactory;
}

export function writersUnderTest(env: NodeJS.ProcessEnv = process.env): WriterUnderTest[] {
  const writers: WriterUnderTest[] = [{ ref: { variant: 'reference' }, writer: writerForVariant('reference') }];
  const module = env.ROLLOUT_SIM_RECORDER;
  if (module) writers.push({ ref: { recorder: module }, writer: loadWriterModule(module, process.cwd()) });
  return writers;
}
