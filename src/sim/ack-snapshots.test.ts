// Acknowledgement snapshots are read back once per distinct content, and finding whether
// a snapshot's bytes were read already does not compare it with every earlier snapshot:
// a run with a flush every few calls takes thousands of them.
import { Volume } from 'memfs';
import { AckSnapshots } from './ack-snapshots';
import { PageCache } from './page-cache';
import type { CallRecord } from './run-result';
import type { LogWriterFactory } from './writer-contract';

const PATH = '/home/agent/log.jsonl';

/** A reader that returns each line of the file as an item id. */
const lines: LogWriterFactory = {
  name: 'lines',
  open: () => Promise.reject(new Error('not opened in this test')),
  async readBack(fs, path) {
    const text = await fs.readFile(path);
    return { present: true, itemIds: text.split('\n').filter(Boolean), metaFirst: true, reportedLines: [], endsWithNewline: text.endsWith('\n') };
  },
};

const flush = (n: number): CallRecord => ({ actor: 'h1', op: 'flush', items: [], startStep: n, settledStep: n, outcome: { status: 'ok' } });

test('each snapshot is matched with the ones of the same bytes without comparing it to every earlier one', async () => {
  const volume = new Volume();
  volume.mkdirSync('/home/agent', { recursive: true });
  const cache = new PageCache(volume);
  const acks = new AckSnapshots(lines, cache);
  const records: CallRecord[] = [];
  for (let n = 0; n < 1_000; n++) {
    volume.appendFileSync(PATH, `item ${n}\n`);
    cache.sync(PATH);
    // Two acknowledgements of the same bytes: the second reuses the first's reading.
    for (const record of [flush(2 * n), flush(2 * n + 1)]) {
      acks.take(record, PATH);
      records.push(record);
    }
  }
  const equals = jest.spyOn(Buffer.prototype, 'equals');
  try {
    await acks.readBack(PATH);
    // One comparison or so a snapshot; walking every earlier distinct snapshot made about 1,000,000.
    expect(equals.mock.calls.length).toBeLessThan(3 * records.length);
  } finally {
    equals.mockRestore();
  }
  expect(records[0].fileAtAck).toEqual({ present: true, itemIds: ['item 0'], metaFirst: true, reportedLines: [], endsWithNewline: true });
  expect(records[1].fileAtAck).toBe(records[0].fileAtAck);
  const last = records[records.length - 1].fileAtAck;
  expect(last?.present && last.itemIds.length).toBe(1_000);
  expect(new Set(records.map((r) => r.fileAtAck)).size).toBe(1_000);
});
