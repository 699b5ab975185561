import { SessionPathError } from './errors';
import { checkedResumePath, rolloutLocation, sessionsDir } from './rollout-path';

const ID = '0190a3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b';
const AT = Date.UTC(2026, 11, 31, 23, 59, 58, 999); // 2026-12-31T23:59:58.999Z

describe('rollout paths', () => {
  test('are <home>/sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl in UTC when the offset is 0', () => {
    expect(rolloutLocation('/home/agent', ID, AT, 0)).toEqual({
      dir: '/home/agent/sessions/2026/12/31',
      file: `/home/agent/sessions/2026/12/31/rollout-2026-12-31T23-59-58-${ID}.jsonl`,
    });
  });

  test('use local time: a positive offset can move the file into the next day, month and year', () => {
    expect(rolloutLocation('/home/agent', ID, AT, 90).file).toBe(`/home/agent/sessions/2027/01/01/rollout-2027-01-01T01-29-58-${ID}.jsonl`);
    expect(rolloutLocation('/home/agent', ID, Date.UTC(2026, 0, 1, 0, 5, 7), -300).file).toBe(
      `/home/agent/sessions/2025/12/31/rollout-2025-12-31T19-05-07-${ID}.jsonl`,
    );
  });

  test('a relative home is taken from the root, never from the process working directory', () => {
    expect(sessionsDir('home/agent')).toBe('/home/agent/sessions');
    expect(rolloutLocation('agent', ID, AT, 0).dir).toBe('/agent/sessions/2026/12/31');
    expect(checkedResumePath('agent', '2026/12/31/r.jsonl')).toBe('/agent/sessions/2026/12/31/r.jsonl');
  });

  test.each(['../escape', 'a/b', 'a.b', '', '-leading', 'x'.repeat(65)])('a session id that is not a plain id (%p) is refused, naming it', (id) => {
    expect(() => rolloutLocation('/home/agent', id, AT, 0)).toThrow(SessionPathError);
    expect(() => rolloutLocation('/home/agent', id, AT, 0)).toThrow(
      `refusing session id ${JSON.stringify(id)}: it would escape the sessions directory /home/agent/sessions`,
    );
  });

  test('a resume path is resolved inside the sessions directory, absolute or relative', () => {
    expect(checkedResumePath('/home/agent', '2026/12/31/r.jsonl')).toBe('/home/agent/sessions/2026/12/31/r.jsonl');
    expect(checkedResumePath('/home/agent', '/home/agent/sessions/x/../r.jsonl')).toBe('/home/agent/sessions/r.jsonl');
  });

  test.each([
    '../other/r.jsonl',
    // A sibling whose name starts with "sessions" is still outside.
    '../sessions-old/r.jsonl',
    '/home/agent/sessionsX/r.jsonl',
    '/etc/r.jsonl',
    '2026/12/31/r.json',
  ])('a resume path outside the sessions directory or not a .jsonl (%p) is refused, naming it', (candidate) => {
    expect(() => checkedResumePath('/home/agent', candidate)).toThrow(
      `refusing rollout path ${JSON.stringify(candidate)}: it would escape the sessions directory /home/agent/sessions`,
    );
  });
});
