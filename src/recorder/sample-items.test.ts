import { codexPolicy } from './rollout-item';
import { agentMessageDelta, userMessage } from './sample-items';

// The samples stand for upstream's own events in the demo and the examples, so they carry
// upstream's event names: a file written from them reads like a codex session's.
describe('sample items', () => {
  test('a user message is upstream\'s user_message event, and is persisted', () => {
    expect(userMessage('hi')).toEqual({ type: 'event_msg', payload: { type: 'user_message', message: 'hi' } });
    expect(codexPolicy.persists(userMessage('hi'))).toBe(true);
  });

  test('a streaming delta is upstream\'s agent_message_delta event, and is dropped', () => {
    expect(agentMessageDelta('he')).toEqual({ type: 'event_msg', payload: { type: 'agent_message_delta', delta: 'he' } });
    expect(codexPolicy.persists(agentMessageDelta('he'))).toBe(false);
  });
});
