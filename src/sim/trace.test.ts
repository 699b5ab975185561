// The trace's hash is the hash of its JSON lines, the canonical form: what two processes
// or machines compare. It is taken as entries are added, without building that text --
// for a long run half a million lines -- or reading the entries back at the end.
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

  test('hashes entries as they are added, not by reading them all back at the end', () => {
    const trace = new Trace();
    for (let step = 0; step < 1_000; step++) trace.add({ step, t: step, kind: 'end', result: 'completed' });
    const whole = jest.spyOn(trace, 'toJsonLines');
    const serialise = jest.spyOn(JSON, 'stringify');
    try {
      trace.hash();
      expect(whole).not.toHaveBeenCalled();
      expect(serialise).not.toHaveBeenCalled();
    } finally {
      serialise.mockRestore();
    }
  });

  test('can be taken more than once, and again after more entries', () => {
    const trace = new Trace();
    trace.add({ step: 0, t: 0, kind: 'fault', fault: 'crash', detail: 'x' });
    const first = trace.hash();
    expect(trace.hash()).toBe(first);
    trace.add({ step: 1, t: 1, kind: 'end', result: 'crashed' });
    expect(trace.hash()).toBe(sha256(trace.toJsonLines()));
    expect(trace.hash()).not.toBe(first);
  });
});
