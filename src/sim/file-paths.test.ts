// A writer may name its file by any path that reaches it -- `home + '/'` joined with a
// name gives `//`, a `..` goes up and back. The page cache, the acknowledgement snapshots
// and the reader must all see one file: before, the bytes an fsync made durable were
// kept under the writer's spelling and lost under the file's, so a flush-then-crash run
// of a correct writer failed no-acknowledged-item-lost.
import { writer as naive } from '../../examples/naive-jsonl-writer';
import { checkAll } from '../invariants/index';
import { singleHandleScenario } from './scenario';
import { simulate } from './simulation';
import type { HandleOp } from './workload';
import type { LogWriterFactory } from './writer-contract';

const OPS: readonly HandleOp[] = [{ kind: 'append', durable: 2, transient: 0 }, { kind: 'flush' }, { kind: 'append', durable: 1, transient: 0 }];

/** The naive example writer, handed its home directory spelled otherwise. */
function spelled(name: string, home: (h: string) => string): LogWriterFactory {
  return { ...naive, name, open: (env, h) => naive.open(env, home(h)) };
}

test.each([
  ['a doubled slash', (h: string) => `${h}/`],
  ['a dot-dot', (h: string) => `${h}/../agent`],
])('a file named with %s keeps what its fsync made durable, across a crash right after the flush', async (_, home) => {
  const crash = singleHandleScenario(OPS, [{ kind: 'crash-after-ack', ack: 0, after: 1, keep: 0 }], 42);
  const plain = await simulate(naive, crash);
  const run = await simulate(spelled('respelled', home), crash);
  expect(plain.end.kind).toBe('crashed');
  expect(run.end).toEqual(plain.end);
  expect(checkAll(run)).toEqual([]);
  expect(run.path).toBe(plain.path);
  expect(run.calls.find((c) => c.op === 'flush')!.fileAtAck).toEqual(plain.calls.find((c) => c.op === 'flush')!.fileAtAck);
});
