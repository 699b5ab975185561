// BUG: the file-system binding's write() resolves with the length of the buffer it was
// handed, not the bytesWritten the kernel reported -- written as if fs.writeFile, which
// loops, were underneath. The recorder's short-write loop is then told every write was
// whole; after a short write the rest of the batch is never written, and the next line
// is glued onto the cut one.
// Where: the env binding (src/env/node-env.ts's place), FileHandle.write.
// To find it: a short write (write(2) returning less than asked, without error).
// Built on: the reference rollout recorder through its env seam (log/recorder-over.ts);
// fixed twin: the reference recorder.
import { recorderOverBinding } from './log/recorder-over';

export const writer = recorderOverBinding('binding-write-claims-all', (handle) => ({
  write: async (data) => {
    await handle.write(data);
    return { bytesWritten: data.length };
  },
  sync: () => handle.sync(),
  close: () => handle.close(),
}));
