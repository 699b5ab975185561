// Every corpus entry is checked on load: a bad one is refused in one line naming the
// corpus, the entry and the field, never handed to the simulator.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scenarioForSeed } from '../sim/scenario-arbitrary';
import { Corpus, CorpusFormatError, memoryCorpusStore } from './corpus';
import { checkCorpusEntry } from './corpus-entry-check';

/** A sound entry, as plain JSON, with `change` applied to it. */
function entryWith(change: (e: Record<string, any>) => void = () => {}): Record<string, unknown> {
  const e = JSON.parse(
    JSON.stringify({ id: 'abc123', writer: 'legacy', invariants: ['no-post-shutdown-throw'], seed: 1, path: '0:1', profile: 'default', scenario: scenarioForSeed(4) }),
  );
  change(e);
  return e;
}

const corpusText = (...entries: unknown[]) => JSON.stringify({ entries });

async function refusal(text: string): Promise<string> {
  const err = await Corpus.open(memoryCorpusStore(text)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CorpusFormatError);
  const message = (err as Error).message;
  expect(message).not.toContain('\n');
  expect(message.startsWith('regression corpus <memory> is not valid: ')).toBe(true);
  return message.slice('regression corpus <memory> is not valid: '.length);
}

test('a sound entry passes, and so does every entry of the bundled corpus', async () => {
  expect(checkCorpusEntry(entryWith())).toEqual(entryWith());
  expect(checkCorpusEntry(entryWith((e) => delete e.profile))).not.toHaveProperty('profile');
  const bundled = await readFile(join(__dirname, '..', '..', 'corpus', 'regressions.json'), 'utf8');
  expect((await Corpus.open(memoryCorpusStore(bundled))).entries.length).toBeGreaterThan(0);
});

test.each([
  ['{not json', /^Unexpected token|JSON/],
  ['{}', /^expected \{"entries": \[\.\.\.\]\}$/],
  ['null', /^expected \{"entries": \[\.\.\.\]\}$/],
  [corpusText({}), /^entry 0: id is missing$/],
  [corpusText(null), /^entry 0: entry must be an object, got null$/],
  [corpusText(entryWith(), entryWith((e) => delete e.scenario.tape)), /^entry 1 \(id "abc123"\): scenario\.tape is missing$/],
  [corpusText(entryWith((e) => delete e.scenario.strategy)), /^entry 0 \(id "abc123"\): scenario\.strategy is missing$/],
  [corpusText(entryWith((e) => delete e.scenario.workload)), /^entry 0 \(id "abc123"\): scenario\.workload is missing$/],
  [corpusText(entryWith((e) => delete e.scenario.faults)), /^entry 0 \(id "abc123"\): scenario\.faults is missing$/],
  [corpusText(entryWith((e) => (e.scenario = {}))), /^entry 0 \(id "abc123"\): scenario\.workload is missing$/],
  [corpusText(entryWith((e) => delete e.scenario.startEpochMs)), /scenario\.startEpochMs is missing$/],
  [corpusText(entryWith((e) => (e.scenario.utcOffsetMinutes = 5000))), /scenario\.utcOffsetMinutes must be a whole number from -840 to 840, got 5000$/],
  [corpusText(entryWith((e) => (e.scenario.idSeed = 'seven'))), /scenario\.idSeed must be a whole number .*, got "seven"$/],
  [corpusText(entryWith((e) => (e.scenario.tape = [1, -2]))), /scenario\.tape\[1\] must be a whole number from 0/],
  [corpusText(entryWith((e) => (e.scenario.workload = { actors: 'h1' }))), /scenario\.workload\.actors must be a list, got "h1"$/],
  [corpusText(entryWith((e) => (e.scenario.workload.actors[0].kind = 'robot'))), /scenario\.workload\.actors\[0\]\.kind must be one of handle, session, shutdown, got "robot"$/],
  [
    corpusText(entryWith((e) => (e.scenario.workload = { actors: [{ kind: 'handle', name: 'h1', ops: [{ kind: 'append', durable: -1, transient: 0 }] }] }))),
    /scenario\.workload\.actors\[0\]\.ops\[0\]\.durable must be a whole number from 0 to 10000, got -1$/,
  ],
  [
    corpusText(entryWith((e) => (e.scenario.workload = { actors: [{ kind: 'session', name: 's1', ops: [{ kind: 'burst', calls: 1e9, durable: 1 }] }] }))),
    /actors\[0\]\.ops\[0\]\.calls must be a whole number from 1 to 10000, got 1000000000$/,
  ],
  [
    corpusText(entryWith((e) => (e.scenario.workload = { actors: [{ kind: 'session', name: 's1', ops: [{ kind: 'append', durable: 1, transient: 0 }] }] }))),
    /actors\[0\]\.ops\[0\]\.kind must be one of persist-items, flush, burst, got "append"$/,
  ],
  [
    corpusText(entryWith((e) => (e.scenario.workload = { actors: [{ kind: 'shutdown', name: 'x', via: 'handle' }, { kind: 'shutdown', name: 'x', via: 'session' }] }))),
    /actors\[1\]\.name repeats the name "x" of an earlier actor$/,
  ],
  [corpusText(entryWith((e) => (e.scenario.workload = { actors: [{ kind: 'shutdown', name: 'sd' }] }))), /actors\[0\]\.via is missing$/],
  [corpusText(entryWith((e) => (e.scenario.faults = { faults: [{ kind: 'meteor' }] }))), /scenario\.faults\.faults\[0\]\.kind must be one of enospc, .*crash-after-ack, got "meteor"$/],
  [corpusText(entryWith((e) => (e.scenario.faults = { faults: [{ kind: 'torn-write', write: 0, keep: 2000 }] }))), /faults\[0\]\.keep must be a whole number from 0 to 1000, got 2000$/],
  [corpusText(entryWith((e) => (e.scenario.faults = { faults: [{ kind: 'fsync-fail', sync: 0, pages: 'lost' }] }))), /faults\[0\]\.pages must be one of kept, dropped, got "lost"$/],
  [corpusText(entryWith((e) => (e.scenario.faults = [{ kind: 'crash', step: 1, keep: 0 }]))), /scenario\.faults must be an object, got a list$/],
  [corpusText(entryWith((e) => (e.scenario.strategy = { kind: 'pct', depth: 0 }))), /scenario\.strategy\.depth must be a whole number from 1 to 1000, got 0$/],
  [corpusText(entryWith((e) => (e.scenario.strategy = { kind: 'pct', depth: 2, horizon: 0 }))), /scenario\.strategy\.horizon must be a whole number from 1 to \d+, got 0$/],
  [corpusText(entryWith((e) => (e.scenario.strategy = { kind: 'replay' }))), /scenario\.strategy\.keys is missing$/],
  [corpusText(entryWith((e) => (e.profile = 'wild'))), /^entry 0 \(id "abc123"\): profile must be one of default, recorder, session, crash, logger, swarm, got "wild"$/],
  [corpusText(entryWith((e) => (e.invariants = ['speed']))), /invariants\[0\] must be one of no-acknowledged-item-lost, .*, got "speed"$/],
  [corpusText(entryWith((e) => (e.invariants = []))), /invariants must name at least one invariant$/],
  [corpusText(entryWith((e) => (e.seed = 2 ** 40))), /seed must be a whole number from -2147483648 to 2147483647/],
  [corpusText(entryWith((e) => (e.path = 'a:b'))), /^entry 0 \(id "abc123"\): path must be a string matching/],
  [corpusText(entryWith((e) => (e.id = 'x; rm -rf ~'))), /^entry 0 \(id "x; rm -rf ~"\): id must be a string matching/],
  [corpusText(entryWith((e) => (e.writer = ''))), /writer must be a string matching/],
])('a corpus whose entry is bad in one field is refused in one line: %#, %p', async (text, reason) => {
  expect(await refusal(text)).toMatch(reason);
});
