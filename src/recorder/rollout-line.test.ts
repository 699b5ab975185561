import { memoryEnv } from '../env/memory-env';
import { InvalidItemError, UnserialisableItemError } from './errors';
import { RolloutRecorder } from './recorder';
import type { RolloutItem } from './rollout-item';
import { serialiseItems, serialiseLine } from './rollout-line';
import { userMessage } from './sample-items';

const T = '2026-01-02T03:04:05.678Z';
const ok = userMessage('fine');

function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
}

describe('serialising rollout lines', () => {
  test('a line is {"timestamp","type","payload"} and a newline', () => {
    expect(serialiseLine(T, 'event_msg', { type: 'user_message', message: 'hi' }, 0)).toBe(
      `{"timestamp":"${T}","type":"event_msg","payload":{"type":"user_message","message":"hi"}}\n`,
    );
  });

  test('a payload that JSON refuses is an UnserialisableItemError naming the item index and JSON\'s reason', () => {
    const circular: Record<string, unknown> = { type: 'message' };
    circular.self = circular;
    const err = thrownBy(() => serialiseItems([ok, { type: 'response_item', payload: circular }], T));
    expect(err).toBeInstanceOf(UnserialisableItemError);
    expect(err).toMatchObject({ index: 1 });
    expect(err.message).toMatch(/^rollout item 1 cannot be serialised to JSON: Converting circular structure to JSON/);
    expect(err.message).toMatch(/; nothing from this call was queued$/);
    expect(thrownBy(() => serialiseItems([{ type: 'event_msg', payload: { n: 1n } }], T)).message).toBe(
      'rollout item 0 cannot be serialised to JSON: Do not know how to serialize a BigInt; nothing from this call was queued',
    );
  });

  test.each<[string, unknown]>([
    ['undefined', undefined],
    ['function', () => 1],
    ['symbol', Symbol('s')],
  ])('a payload that JSON has no text for (%s) is refused, not written as a line without a payload', (kind, payload) => {
    const err = thrownBy(() => serialiseItems([ok, ok, { type: 'event_msg', payload }], T));
    expect(err).toBeInstanceOf(UnserialisableItemError);
    expect(err.message).toBe(`rollout item 2 cannot be serialised to JSON: payload is ${kind}, which JSON cannot represent; nothing from this call was queued`);
  });

  test.each<[unknown, string]>([
    [null, 'got null'],
    [5, 'got number'],
    ['event_msg', 'got string'],
    [undefined, 'got undefined'],
  ])('an item that is not an object (%p) is an InvalidItemError saying what it got', (item, reason) => {
    const err = thrownBy(() => serialiseItems([ok, item as RolloutItem], T));
    expect(err).toBeInstanceOf(InvalidItemError);
    expect(err.message).toBe(`rollout item 1 is not a rollout item: ${reason}; nothing from this call was queued`);
  });

  test('an item of an unknown type names the type and lists the known ones', () => {
    const err = thrownBy(() => serialiseItems([{ type: 'session_meta' as 'event_msg', payload: {} }], T));
    expect(err).toBeInstanceOf(InvalidItemError);
    expect(err.message).toBe(
      'rollout item 0 is not a rollout item: type "session_meta" is not one of response_item, compacted, turn_context, event_msg; nothing from this call was queued',
    );
  });

  test('recordItems given something other than an array rejects with an InvalidItemError, queuing nothing', async () => {
    const env = memoryEnv();
    const rec = await RolloutRecorder.create(env, { home: '/h' });
    for (const notArray of [ok, 'items', { length: 1, 0: ok }]) {
      const err = await rec.recordItems(notArray as unknown as RolloutItem[]).catch((e: Error) => e);
      expect(err).toBeInstanceOf(InvalidItemError);
      expect((err as Error).message).toBe('rollout item 0 is not a rollout item: recordItems expects an array of items; nothing from this call was queued');
    }
    await rec.recordItems([ok]);
    expect(await rec.shutdown()).toMatchObject({ status: 'ok' });
    const lines = env.volume.readFileSync(rec.path, 'utf8').toString().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
  });
});
