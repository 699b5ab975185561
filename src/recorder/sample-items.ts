// Small, realistic rollout items for examples, the demo and tests.
import type { RolloutItem } from './rollout-item';

export function userMessage(message: string): RolloutItem {
  return { type: 'event_msg', payload: { type: 'user_message', message } };
}

/** A streaming delta: the codex policy does not persist it. */
export function agentMessageDelta(delta: string): RolloutItem {
  return { type: 'event_msg', payload: { type: 'agent_message_delta', delta } };
}
