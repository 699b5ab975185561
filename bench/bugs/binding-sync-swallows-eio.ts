// BUG: the file-system binding's sync() swallows EIO and EINVAL -- "some file systems
// (FUSE, network mounts) refuse fsync; do not fail the session for it". The recorder is
// never told an fsync failed, so it cannot keep the failure sticky: the flush that met
// it answers `ok` for bytes that are not on disk, and on Linux never will be.
// Where: the env binding (src/env/node-env.ts's place), FileHandle.sync.
// To find it: a failed fsync under a flush or shutdown that covers acknowledged items.
// Built on: the reference rollout recorder through its env seam (log/recorder-over.ts);
// fixed twin: the reference recorder.
import { recorderOverBinding } from './log/recorder-over';

const TOLERATED = new Set(['EIO', 'EINVAL']);

export const writer = recorderOverBinding('binding-sync-swallows-eio', (handle) => ({
  write: (data) => handle.write(data),
  sync: () =>
    handle.sync().catch((err: unknown) => {
      if (!TOLERATED.has((err as { code?: string }).code ?? '')) throw err;
    }),
  close: () => handle.close(),
}));
