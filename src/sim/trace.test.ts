// The trace's hash is the hash of its JSON lines, the canonical form: what two processes
// or machines compare. It is taken without building that text, which for a long run is
// half a million lines held at once.
import { createHash } from 'node:crypto';
import { Trace } from './trace';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('a trace hash', () => {
  test('is the sha256 of its JSON lines, for a long trace with non-ASCII text, and for an empty one', () => {
    const trace = new Trace();
    for (let step = 0; step < 20_000; step++) {
      trace.add({ step, t: step, kind: 'choice', picked: `start:h1#${step}`, index: 0, of: 2 });
      trace.add({ step, t: step, kind: 'fs', source: 'writer', op: 'write', path: '/home/agent/ünïcødé 日本語 🚀.jsonl', result: `${step} bytes` });
    }
    expect(trace.hash()).toBe(sha256(trace.toJsonLines()));
    expect(new Trace().hash()).toBe(sha256(new Trace().toJsonLines()));
  });

  test('does not build the whole text to hash it', () => {
    const trace = new Trace();
    trace.add({ step: 0, t: 0, kind: 'end', result: 'completed' });
    const whole = jest.spyOn(trace, 'toJsonLines');
    trace.hash();
    expect(whole).not.toHaveBeenCalled();
  });
});
