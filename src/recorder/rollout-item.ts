// What a rollout holds: the item kinds of a coding agent's session history, and the
// persistence policy that decides which of them reach the file (streaming deltas do not).

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export const ITEM_TYPES = ['response_item', 'compacted', 'turn_context', 'event_msg'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
export const LINE_TYPES = ['session_meta', ...ITEM_TYPES] as const;
export type LineType = (typeof LINE_TYPES)[number];

export interface RolloutItem {
  type: ItemType;
  payload: unknown;
}

export interface SessionMeta {
  id: string;
  timestamp: string;
  cwd: string;
  originator: string;
  cli_version: string;
}

export interface PersistencePolicy {
  readonly name: string;
  persists(item: RolloutItem): boolean;
}

// Upstream keeps conversation items and the events needed to rebuild a session, and
// drops transient ones (deltas, progress). Payloads without a `type` are kept.
const PERSISTED_RESPONSE_ITEMS = new Set([
  'message',
  'reasoning',
  'local_shell_call',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'web_search_call',
]);
const PERSISTED_EVENTS = new Set([
  'user_message',
  'agent_message',
  'agent_reasoning',
  'token_count',
  'entered_review_mode',
  'exited_review_mode',
  'turn_aborted',
]);

function payloadType(payload: unknown): string | undefined {
  if (payload !== null && typeof payload === 'object' && 'type' in payload) {
    const t = (payload as { type: unknown }).type;
    return typeof t === 'string' ? t : undefined;
  }
  return undefined;
}

export const codexPolicy: PersistencePolicy = {
  name: 'codex',
  persists(item) {
    const t = payloadType(item.payload);
    switch (item.type) {
      case 'compacted':
      case 'turn_context':
        return true;
      case 'response_item':
        return t === undefined || PERSISTED_RESPONSE_ITEMS.has(t);
      case 'event_msg':
        return t === undefined || PERSISTED_EVENTS.has(t);
    }
  },
};
