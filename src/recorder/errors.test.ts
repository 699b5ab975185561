import {
  ChannelClosedError,
  EmptyRolloutFileError,
  InvalidItemError,
  MissingSessionMetaError,
  RolloutFileNotFoundError,
  RolloutPathIsDirectoryError,
  RolloutWriteError,
  SessionPathError,
  UnknownVariantError,
  UnserialisableItemError,
  WriterStoppedError,
} from './errors';

// What a user sees when one of these escapes to a log or a terminal: `String(err)` is
// "<Name>: <message>", so the type must be readable there as well as by instanceof.
const PRINTED: [Error, string][] = [
  [new ChannelClosedError('rollout items'), 'ChannelClosedError: failed to queue rollout items: channel closed'],
  [new WriterStoppedError('flush'), 'WriterStoppedError: rollout writer stopped before processing flush; it was dropped'],
  [
    new UnserialisableItemError(2, 'Do not know how to serialize a BigInt'),
    'UnserialisableItemError: rollout item 2 cannot be serialised to JSON: Do not know how to serialize a BigInt; nothing from this call was queued',
  ],
  [new InvalidItemError(3, 'got null'), 'InvalidItemError: rollout item 3 is not a rollout item: got null; nothing from this call was queued'],
  [
    new SessionPathError('session id', '../x', '/h/sessions'),
    'SessionPathError: refusing session id "../x": it would escape the sessions directory /h/sessions',
  ],
  [new RolloutFileNotFoundError('/h/sessions/a.jsonl'), 'RolloutFileNotFoundError: rollout file not found: /h/sessions/a.jsonl'],
  [new RolloutPathIsDirectoryError('/h/sessions/a.jsonl'), 'RolloutPathIsDirectoryError: rollout path is a directory, not a file: /h/sessions/a.jsonl'],
  [new EmptyRolloutFileError('/h/sessions/a.jsonl'), 'EmptyRolloutFileError: rollout file is empty: /h/sessions/a.jsonl'],
  [new MissingSessionMetaError('/h/sessions/a.jsonl', 4), 'MissingSessionMetaError: rollout file has no session_meta line in its 4 line(s): /h/sessions/a.jsonl'],
  [
    new RolloutWriteError('flush', '/h/sessions/a.jsonl', [new Error('EIO: i/o error, write'), 'ENOSPC']),
    'RolloutWriteError: flush could not make /h/sessions/a.jsonl durable after a reopen and retry: EIO: i/o error, write; then ENOSPC',
  ],
  [new UnknownVariantError('nope', ['legacy', 'reference']), 'UnknownVariantError: unknown recorder variant "nope"; known variants: legacy, reference'],
];

describe('typed errors print their type and name the input that was wrong', () => {
  test.each(PRINTED.map(([err, printed]) => [printed, err] as const))('%s', (printed, err) => {
    expect(String(err)).toBe(printed);
  });

  test('the failed item and the barrier are fields, for callers that act on them', () => {
    const causes = [new Error('EIO'), new Error('EIO again')];
    expect(new RolloutWriteError('shutdown', '/p.jsonl', causes)).toMatchObject({ barrier: 'shutdown', path: '/p.jsonl', causes });
    expect(new UnserialisableItemError(5, 'r')).toMatchObject({ index: 5, reason: 'r' });
    expect(new InvalidItemError(6, 'r')).toMatchObject({ index: 6 });
  });
});
