import { memoryEnv } from '../env/memory-env';
import { loadHistory } from './history';
import { RolloutRecorder } from './recorder';
import { codexPolicy, type ItemType, type RolloutItem } from './rollout-item';

// Upstream's policy (codex-rs rollout/policy.rs): every compacted and turn_context item;
// conversation response items; the events needed to rebuild a session; nothing transient.
const PERSISTED: [ItemType, string][] = [
  ['response_item', 'message'],
  ['response_item', 'reasoning'],
  ['response_item', 'local_shell_call'],
  ['response_item', 'function_call'],
  ['response_item', 'function_call_output'],
  ['response_item', 'custom_tool_call'],
  ['response_item', 'custom_tool_call_output'],
  ['response_item', 'web_search_call'],
  ['event_msg', 'user_message'],
  ['event_msg', 'agent_message'],
  ['event_msg', 'agent_reasoning'],
  ['event_msg', 'token_count'],
  ['event_msg', 'entered_review_mode'],
  ['event_msg', 'exited_review_mode'],
  ['event_msg', 'turn_aborted'],
  ['compacted', 'anything'],
  ['turn_context', 'anything'],
];
const DROPPED: [ItemType, string][] = [
  ['response_item', 'other'],
  ['response_item', ''],
  ['event_msg', 'agent_message_delta'],
  ['event_msg', 'agent_reasoning_delta'],
  ['event_msg', 'exec_command_output_delta'],
  ['event_msg', ''],
  // An event name is not a response item kind, and the reverse.
  ['response_item', 'user_message'],
  ['event_msg', 'message'],
];

describe('the codex persistence policy', () => {
  test.each(PERSISTED)('persists %s of type %p', (type, payloadType) => {
    expect(codexPolicy.persists({ type, payload: { type: payloadType } })).toBe(true);
  });

  test.each(DROPPED)('drops %s of type %p', (type, payloadType) => {
    expect(codexPolicy.persists({ type, payload: { type: payloadType } })).toBe(false);
  });

  test.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'text'],
    ['a number', 7],
    ['an array', [1]],
    ['an object without a type', { text: 'x' }],
    ['an object whose type is not a string', { type: 3 }],
  ])('keeps an item whose payload is %s: it has no type to drop it by', (_, payload) => {
    for (const type of ['response_item', 'event_msg', 'compacted', 'turn_context'] as const) {
      expect(codexPolicy.persists({ type, payload })).toBe(true);
    }
  });

  test('a recorder writes exactly the items the policy keeps, in order', async () => {
    const env = memoryEnv();
    const rec = await RolloutRecorder.create(env, { home: '/h' });
    const all: RolloutItem[] = [];
    PERSISTED.forEach(([type, t], i) => all.push({ type, payload: { type: t, n: i } }));
    DROPPED.forEach(([type, t], i) => all.splice(2 * i + 1, 0, { type, payload: { type: t, n: -i } }));
    await rec.recordItems(all);
    expect(await rec.shutdown()).toMatchObject({ status: 'ok' });
    const history = await loadHistory(env.fs, rec.path);
    expect(history.items.map((i) => [i.type, i.payload])).toEqual(PERSISTED.map(([type, t], i) => [type, { type: t, n: i }]));
  });
});
