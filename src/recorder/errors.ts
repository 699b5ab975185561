// Typed errors of the recorder. Each message names the input that was wrong and where.

export class ChannelClosedError extends Error {
  override name = 'ChannelClosedError';
  constructor(what: string) {
    super(`failed to queue ${what}: channel closed`);
  }
}

/** A command was queued, but the writer stopped (shutdown or discard) before processing it. */
export class WriterStoppedError extends Error {
  override name = 'WriterStoppedError';
  constructor(command: string) {
    super(`rollout writer stopped before processing ${command}; it was dropped`);
  }
}

export class UnserialisableItemError extends Error {
  override name = 'UnserialisableItemError';
  constructor(
    readonly index: number,
    readonly reason: string,
  ) {
    super(`rollout item ${index} cannot be serialised to JSON: ${reason}; nothing from this call was queued`);
  }
}

export class InvalidItemError extends Error {
  override name = 'InvalidItemError';
  constructor(
    readonly index: number,
    reason: string,
  ) {
    super(`rollout item ${index} is not a rollout item: ${reason}; nothing from this call was queued`);
  }
}

export class SessionPathError extends Error {
  override name = 'SessionPathError';
  constructor(what: string, value: string, sessionsDir: string) {
    super(`refusing ${what} ${JSON.stringify(value)}: it would escape the sessions directory ${sessionsDir}`);
  }
}

export class RolloutFileNotFoundError extends Error {
  override name = 'RolloutFileNotFoundError';
  constructor(readonly path: string) {
    super(`rollout file not found: ${path}`);
  }
}

/** A path given as a rollout file (to read back or to resume) is a directory. */
export class RolloutPathIsDirectoryError extends Error {
  override name = 'RolloutPathIsDirectoryError';
  constructor(readonly path: string) {
    super(`rollout path is a directory, not a file: ${path}`);
  }
}

export class EmptyRolloutFileError extends Error {
  override name = 'EmptyRolloutFileError';
  constructor(readonly path: string) {
    super(`rollout file is empty: ${path}`);
  }
}

export class MissingSessionMetaError extends Error {
  override name = 'MissingSessionMetaError';
  constructor(
    readonly path: string,
    readonly lineCount: number,
  ) {
    super(`rollout file has no session_meta line in its ${lineCount} line(s): ${path}`);
  }
}

/** A barrier could not write, fsync or open the rollout file, even after one reopen and retry. */
export class RolloutWriteError extends Error {
  override name = 'RolloutWriteError';
  constructor(
    readonly barrier: string,
    readonly path: string,
    readonly causes: readonly unknown[],
  ) {
    super(
      `${barrier} could not make ${path} durable after a reopen and retry: ` +
        causes.map((c) => (c instanceof Error ? c.message : String(c))).join('; then '),
    );
  }
}

export class UnknownVariantError extends Error {
  override name = 'UnknownVariantError';
  constructor(name: string, known: readonly string[]) {
    super(`unknown recorder variant ${JSON.stringify(name)}; known variants: ${known.join(', ')}`);
  }
}
