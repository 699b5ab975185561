// The properties can fail: small mutants of the reference recorder, each breaking one
// promise, are caught by the invariant that guards it. A suite that passes every mutant
// would be checking nothing.
import { rolloutRecorderWriter } from '../src/adapters/rollout-recorder-writer';
import type { Env, FileSystem } from '../src/env/env';
import { noAcknowledgedItemLost, replayEqualsHistory } from '../src/invariants/index';
import type { LogWriterFactory } from '../src/sim/writer-contract';
import { checkProperty } from './check-property';

const reference = rolloutRecorderWriter('reference');

/** The reference recorder over a file system whose fsync does nothing. */
const skipsFsync: LogWriterFactory = {
  ...reference,
  name: 'mutant-skips-fsync',
  open: (env: Env, home: string) => {
    const fs = env.fs;
    const noSync: FileSystem = {
      open: async (path, flags, mode) => {
        const handle = await fs.open(path, flags, mode);
        return { write: (d) => handle.write(d), close: () => handle.close(), sync: async () => undefined };
      },
      mkdir: (path, options) => fs.mkdir(path, options),
      stat: (path) => fs.stat(path),
      readFile: (path) => fs.readFile(path),
    };
    return reference.open({ ...env, fs: noSync }, home);
  },
};

/** The reference recorder whose handles also append a duplicate of every item. */
const duplicates: LogWriterFactory = {
  ...reference,
  name: 'mutant-duplicates',
  open: async (env: Env, home: string) => {
    const writer = await reference.open(env, home);
    const wrap = (h: typeof writer.handle): typeof writer.handle => ({
      ...h,
      clone: () => wrap(h.clone()),
      append: async (items) => {
        const first = await h.append(items);
        if (first.status === 'queued') await h.append(items.slice(0, 1));
        return first;
      },
    });
    return { ...writer, handle: wrap(writer.handle) };
  },
};

test('a recorder that never fsyncs loses flushed items at a crash: caught by "no acknowledged item lost"', async () => {
  const result = await checkProperty(skipsFsync, { variant: 'mutant' }, [noAcknowledgedItemLost], 'crash', 300, false);
  expect(result.failure?.invariants).toEqual(['no-acknowledged-item-lost']);
  expect(result.failure?.violations[0].message).toMatch(/reported it durable/);
  expect(result.failure?.run.end.kind).toBe('crashed');
});

test('a recorder that writes an item twice is caught by "replay equals recorded history"', async () => {
  const result = await checkProperty(duplicates, { variant: 'mutant' }, [replayEqualsHistory], 'recorder', 300, false);
  expect(result.failure?.invariants).toEqual(['replay-equals-history']);
  expect(result.failure?.violations[0].message).toMatch(/written more than once/);
});
