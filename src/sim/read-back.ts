// Reading the file back after a run, bounded. The reader is the writer's own code: it may
// throw, answer something that is not a ReadBack, or never resolve (a promise nothing
// settles, a real timer it waits on). Each is the writer's failure, reported as such; none
// may hang the harness. A reader over the run's memfs volume resolves in microtasks, so a
// bounded number of turns is plenty for any reader that will ever finish.
import type { FileSystem } from '../env/env';
import { runAs } from './actor-context';
import { notAReadBack, type LogWriterFactory, type ReadBack } from './writer-contract';
import { ContractBreach, errorMessage, WriterFailure } from './writer-failure';

/** Microtask turns a reader may take; far more than reading any file from memfs needs. */
export const MAX_READ_BACK_TURNS = 50_000;

/** The source readBack runs as: the writer's code, so it may not touch the real disk either. */
export const READ_BACK_SOURCE = 'readBack';

export interface BoundedReadBack {
  readBack: ReadBack;
  /** Why the reader failed, when it did; `readBack` then says the file could not be read. */
  failure?: WriterFailure | ContractBreach;
}

export async function boundedReadBack(factory: LogWriterFactory, fs: FileSystem, path: string): Promise<BoundedReadBack> {
  let answer: { value: unknown } | { error: unknown } | undefined;
  try {
    Promise.resolve(runAs(READ_BACK_SOURCE, () => factory.readBack(fs, path))).then(
      (value) => (answer = { value }),
      (error: unknown) => (answer = { error }),
    );
  } catch (error) {
    answer = { error };
  }
  for (let turns = 0; answer === undefined && turns < MAX_READ_BACK_TURNS; turns++) await null;
  const unread = (reason: string, failure: WriterFailure | ContractBreach): BoundedReadBack => ({ readBack: { present: false, reason }, failure });
  if (answer === undefined) {
    return unread('readBack() never resolved', new WriterFailure('readBack', `${factory.name}: readBack(${path}) did not resolve within ${MAX_READ_BACK_TURNS} microtask turns (it waits on something the simulator never settles)`));
  }
  if ('error' in answer) {
    if (answer.error instanceof ContractBreach) return unread('readBack() broke the contract', answer.error);
    return unread(`readBack() threw: ${errorMessage(answer.error)}`, new WriterFailure('readBack', `${factory.name}: readBack(${path}) threw: ${errorMessage(answer.error)}`));
  }
  const wrong = notAReadBack(answer.value);
  if (wrong) {
    return unread('readBack() answered no ReadBack', new ContractBreach(`${factory.name} does not meet the writer contract: readBack(${path}) resolved ${wrong}`));
  }
  return { readBack: answer.value as ReadBack };
}
