// Each invariant on hand-built runs: it flags the violation it is for, and nothing else.
import { noFaultsFired } from '../sim/fault-plan';
import type { CallRecord, RunEnd, RunResult } from '../sim/simulation';
import { Trace } from '../sim/trace';
import type { ReadBack } from '../sim/writer-contract';
import { liveness, noAcknowledgedItemLost, noPostShutdownThrow, replayEqualsHistory } from './index';
import { scenarioForSeed } from '../sim/scenario-arbitrary';
import { fileFacts } from '../sim/file-facts';

type Call = Omit<CallRecord, 'items'> & { items?: CallRecord['items'] };

function call(actor: string, op: CallRecord['op'], startStep: number, settledStep: number, status: string, ids: string[] = []): Call {
  const outcome = status.startsWith('threw') ? { status: 'threw' as const, message: status } : ({ status } as CallRecord['outcome']);
  return { actor, op, startStep, settledStep, outcome, items: ids.map((id) => ({ id, durable: !id.includes('~') })) };
}

function runOf(calls: Call[], fileIds: string[] | undefined, end: RunEnd = { kind: 'completed' }, extra: Partial<Extract<ReadBack, { present: true }>> = {}): RunResult {
  const readBack: ReadBack = fileIds
    ? { present: true, itemIds: fileIds, metaFirst: true, reportedLines: [], endsWithNewline: true, ...extra }
    : { present: false, reason: 'no file' };
  return {
    writer: 'test',
    acknowledges: 'durable',
    scenario: scenarioForSeed(0),
    end,
    calls: calls.map((c) => ({ ...c, items: c.items ?? [] })),
    steps: 10,
    trace: new Trace(),
    hash: '0',
    path: '/f',
    readBack,
    faultsFired: noFaultsFired(),
  };
}

const crashed: RunEnd = { kind: 'crashed', beforeStep: 9, files: [] };

describe('no acknowledged item lost', () => {
  test('after a clean shutdown, a queued item missing from the file is a violation', () => {
    const calls = [call('h1', 'append', 0, 1, 'queued', ['h1.0', 'h1.1']), call('sd1', 'shutdown', 2, 5, 'ok')];
    expect(noAcknowledgedItemLost.check(runOf(calls, ['h1.0', 'h1.1']))).toEqual([]);
    const [v] = noAcknowledgedItemLost.check(runOf(calls, ['h1.0']));
    expect(v.message).toMatch(/1 acknowledged item\(s\) missing .*h1.1 -- h1 was told its append was queued/);
  });

  test('items answered closed, and transient items, are not required', () => {
    const calls = [call('h1', 'append', 0, 1, 'closed', ['h1.0']), call('h2', 'append', 0, 1, 'queued', ['h2.~0']), call('sd1', 'shutdown', 2, 5, 'ok')];
    expect(noAcknowledgedItemLost.check(runOf(calls, []))).toEqual([]);
  });

  test('a session persist handed in before the session shutdown is required, whatever it answered', () => {
    const calls = [call('s1', 'session-persist', 0, 6, 'threw: channel closed', ['s1.0']), call('sd1', 'session-shutdown', 1, 5, 'ok')];
    expect(noAcknowledgedItemLost.check(runOf(calls, []))[0].message).toMatch(/s1.0 -- s1 handed it to the session before shutdown was called/);
    const after = [call('sd1', 'session-shutdown', 0, 5, 'ok'), call('s1', 'session-persist', 1, 6, 'closed', ['s1.0'])];
    expect(noAcknowledgedItemLost.check(runOf(after, []))).toEqual([]);
  });

  test('a shutdown that failed is not clean: queued items are then not required', () => {
    const calls = [call('h1', 'append', 0, 1, 'queued', ['h1.0']), call('sd1', 'shutdown', 2, 5, 'failed')];
    expect(noAcknowledgedItemLost.check(runOf(calls, []))).toEqual([]);
  });

  test('after a crash, items covered by a successful flush must be there; later ones need not', () => {
    const calls = [call('h1', 'append', 0, 1, 'queued', ['h1.0']), call('h1', 'flush', 1, 3, 'ok'), call('h1', 'append', 3, 4, 'queued', ['h1.1'])];
    expect(noAcknowledgedItemLost.check(runOf(calls, ['h1.0'], crashed))).toEqual([]);
    expect(noAcknowledgedItemLost.check(runOf(calls, undefined, crashed))[0].message).toMatch(/h1.0 -- h1's flush at step 1 reported it durable/);
  });
});

describe('durability points: an ok flush or shutdown promises what was accepted before it, even if the machine crashes later', () => {
  test.each(['shutdown', 'flush'] as const)('a crash after an ok handle %s must still find the items queued before it', (op) => {
    const calls = [call('h1', 'append', 0, 1, 'queued', ['h1.0']), call('sd1', op, 2, 4, 'ok'), call('h2', 'append', 3, 4, 'queued', ['h2.0'])];
    expect(noAcknowledgedItemLost.check(runOf(calls, ['h1.0'], crashed))).toEqual([]);
    expect(noAcknowledgedItemLost.check(runOf(calls, [], crashed))[0].message).toMatch(new RegExp(`1 acknowledged item\\(s\\) missing.*h1.0 -- sd1's ${op} at step 2 reported it durable`));
  });

  test('a session flush is a durability point for session persists that settled queued before it', () => {
    const calls = [call('s1', 'session-persist', 0, 1, 'queued', ['s1.0']), call('s2', 'session-flush', 1, 3, 'ok')];
    expect(noAcknowledgedItemLost.check(runOf(calls, [], crashed))[0].message).toMatch(/s1.0 -- s2's session-flush at step 1 reported it durable/);
  });

  test("a session shutdown that resolved ok covers what was handed to the session before it was called, crash or not", () => {
    const calls = [call('s1', 'session-persist', 0, 3, 'queued', ['s1.0']), call('sd1', 'session-shutdown', 1, 5, 'ok')];
    expect(noAcknowledgedItemLost.check(runOf(calls, [], crashed))[0].message).toMatch(/s1.0 -- s1 handed it to the session before shutdown was called, and sd1's session-shutdown/);
    const failed = [call('s1', 'session-persist', 0, 3, 'queued', ['s1.0']), call('sd1', 'session-shutdown', 1, 5, 'failed')];
    expect(noAcknowledgedItemLost.check(runOf(failed, [], crashed))).toEqual([]);
  });

  test('a failed flush or shutdown, or one that never settled before the crash, promises nothing', () => {
    const calls = [call('h1', 'append', 0, 1, 'queued', ['h1.0']), call('h1', 'flush', 1, 3, 'failed'), { ...call('sd1', 'shutdown', 2, 0, 'ok'), settledStep: undefined, outcome: undefined }];
    expect(noAcknowledgedItemLost.check(runOf(calls, [], crashed))).toEqual([]);
  });
});

describe('no post-shutdown call throws', () => {
  test('a call started after shutdown began that threw is a violation; one started before is not', () => {
    const calls = [
      call('h1', 'append', 0, 4, 'threw: before'),
      call('sd1', 'shutdown', 1, 3, 'ok'),
      call('h2', 'flush', 3, 4, 'closed'),
      call('h3', 'append', 4, 5, 'threw: failed to queue rollout items: channel closed'),
    ];
    const violations = noPostShutdownThrow.check(runOf(calls, []));
    expect(violations).toHaveLength(1);
    expect(violations[0].message).toMatch(/h3's append at step 4, after sd1's shutdown began at step 1, threw: .*channel closed/);
    // It broke where the throw was answered: step 5, in h3's lane.
    expect(violations[0].at).toEqual({ step: 5, actor: 'h3' });
  });
});

describe('replay equals recorded history', () => {
  const accepted = [call('h1', 'append', 0, 1, 'queued', ['h1.0', 'h1.1']), call('h2', 'append', 1, 2, 'queued', ['h2.0']), call('sd1', 'shutdown', 3, 5, 'ok')];

  test('exactly the accepted items, any interleaving of callers, each caller in order', () => {
    expect(replayEqualsHistory.check(runOf(accepted, ['h2.0', 'h1.0', 'h1.1']))).toEqual([]);
  });

  test.each([
    [['h1.0', 'h1.1', 'h2.0', 'h2.0'], /written more than once: h2.0/],
    [['h1.1', 'h1.0', 'h2.0'], /h1's items are out of its own order/],
    [['h1.0', 'h1.1', 'h2.0', 'x.9'], /never accepted: x.9/],
    [['h1.0', 'h2.0'], /after a clean shutdown, accepted item\(s\) are not in the file: h1.1/],
  ])('file %j is flagged', (file, message) => {
    expect(replayEqualsHistory.check(runOf(accepted, file)).map((v) => v.message).join('\n')).toMatch(message);
  });

  test('metadata not first, or skipped lines after a clean shutdown, are flagged', () => {
    expect(replayEqualsHistory.check(runOf(accepted, ['h1.0', 'h1.1', 'h2.0'], undefined, { metaFirst: false }))[0].message).toMatch(/metadata line/);
    expect(replayEqualsHistory.check(runOf(accepted, ['h1.0', 'h1.1', 'h2.0'], undefined, { reportedLines: [3] }))[0].message).toMatch(/skipped line\(s\) 3/);
  });

  test('a failed shutdown excuses missing items only when the file system failed a call: with no error injected, the writer owes every accepted item', () => {
    const failed = [call('h1', 'append', 0, 1, 'queued', ['h1.0', 'h1.1']), call('sd1', 'shutdown', 2, 5, 'failed'), call('sd2', 'shutdown', 3, 4, 'failed')];
    const [v] = replayEqualsHistory.check(runOf(failed, ['h1.0']));
    expect(v.message).toMatch(/every shutdown failed \(sd1, sd2\) but the file system failed no call: accepted item\(s\) are not in the file: h1.1/);
    const afterEio = { ...runOf(failed, ['h1.0']), faultsFired: { ...noFaultsFired(), 'eio-write': 1 } };
    expect(replayEqualsHistory.check(afterEio)).toEqual([]);
    // A short write or latency is no error: the writer must carry on past it.
    const afterShort = { ...runOf(failed, ['h1.0']), faultsFired: { ...noFaultsFired(), 'short-write': 1, latency: 2 } };
    expect(replayEqualsHistory.check(afterShort)).toHaveLength(1);
  });

  test('after a crash: a per-caller prefix with one torn line is fine; a gap or two torn lines is not', () => {
    expect(replayEqualsHistory.check(runOf(accepted, ['h1.0'], crashed, { reportedLines: [2] }))).toEqual([]);
    expect(replayEqualsHistory.check(runOf(accepted, ['h1.1'], crashed))[0].message).toMatch(/not a prefix of what it handed/);
    expect(replayEqualsHistory.check(runOf(accepted, ['h1.0'], crashed, { reportedLines: [2, 3] }))[0].message).toMatch(/more than one torn line/);
  });
});

describe('torn tails, checked against the bytes', () => {
  const accepted = [call('h1', 'append', 0, 1, 'queued', ['h1.0', 'h1.1']), call('sd1', 'shutdown', 3, 5, 'ok')];
  const meta = '{"type":"session_meta"}\n';
  const withFile = (text: string, ids: string[], reported: number[]) => ({ ...runOf(accepted, ids, crashed, { reportedLines: reported, endsWithNewline: text.endsWith('\n') }), file: fileFacts(Buffer.from(text)) });

  test('an unterminated last line must be reported by the reader, even when it parses', () => {
    const text = `${meta}{"id":"h1.0"}\n{"id":"h1.1"}`;
    expect(replayEqualsHistory.check(withFile(text, ['h1.0'], [3]))).toEqual([]);
    const silent = replayEqualsHistory.check(withFile(text, ['h1.0'], []));
    expect(silent.map((v) => v.message)).toEqual([expect.stringMatching(/ends in an unterminated line 3 \("\{\\"id\\":\\"h1.1\\"\}"\), which the reader did not report/)]);
  });

  test('an item the reader returns from the unterminated line is flagged; one also on a complete line is not', () => {
    const text = `${meta}{"id":"h1.0"}\n{"id":"h1.1"}`;
    const [v] = replayEqualsHistory.check(withFile(text, ['h1.0', 'h1.1'], [3]));
    expect(v.message).toMatch(/returned item\(s\) h1.1 from line 3, which has no newline/);
    // `h1.1` as part of `h1.10` on a complete line does not count as the id.
    expect(replayEqualsHistory.check(withFile(`${meta}{"id":"h1.10"}\n{"id":"h1.1"}`, ['h1.1'], [3])).map((v) => v.message)).toContainEqual(expect.stringMatching(/returned item\(s\) h1.1/));
  });

  test('after a crash, lines over a hole left by dropped pages may be reported and their items missing mid-caller; elsewhere not', () => {
    const calls = [call('h1', 'append', 0, 1, 'queued', ['h1.0', 'h1.1']), call('h1', 'append', 2, 3, 'queued', ['h1.2'])];
    const text = `${meta}\0\0\0\0\n{"id":"h1.1"}\n{"id":"h1.2"}\n{"id`;
    const holed = { ...runOf(calls, ['h1.1', 'h1.2'], crashed, { reportedLines: [2, 5], endsWithNewline: false }), file: fileFacts(Buffer.from(text), [{ start: meta.length, end: meta.length + 4 }]) };
    expect(holed.file.holeLines).toEqual([2]);
    expect(replayEqualsHistory.check(holed)).toEqual([]);
    const noHole = { ...holed, file: fileFacts(Buffer.from(text)) };
    expect(replayEqualsHistory.check(noHole).map((v) => v.message)).toEqual([
      expect.stringMatching(/not a prefix of what it handed/),
      expect.stringMatching(/more than one torn line: the reader skipped lines 2, 5/),
    ]);
  });

  test("the reader's word on the final newline is checked", () => {
    const run = { ...withFile(`${meta}{"id":"h1.0"}\n`, ['h1.0'], []), readBack: { present: true as const, itemIds: ['h1.0'], metaFirst: true, reportedLines: [], endsWithNewline: false } };
    expect(replayEqualsHistory.check(run)[0].message).toMatch(/says the file does not end in a newline; its bytes say otherwise/);
  });
});

test('liveness: only completed and crashed runs pass', () => {
  expect(liveness.check(runOf([], []))).toEqual([]);
  expect(liveness.check(runOf([], [], crashed))).toEqual([]);
  expect(liveness.check(runOf([], [], { kind: 'liveness', blocked: ['h1 in flush'] }))[0].message).toMatch(/every actor is blocked.*h1 in flush/);
  expect(liveness.check(runOf([], [], { kind: 'step-budget', limit: 5 }))[0].message).toMatch(/step budget of 5/);
});
