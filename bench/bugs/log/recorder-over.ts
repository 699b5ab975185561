// The reference rollout recorder (src/recorder, through its adapter) over a file-system
// binding that a catalogue bug changes: the recorder is correct; the slip is in the layer
// that maps its FileSystem onto node:fs, as src/env/node-env.ts does. The fixed twin is
// the reference recorder itself.
import { rolloutRecorderWriter } from '../../../src/adapters/rollout-recorder-writer';
import type { FileHandle, FileSystem } from '../../../src/env/env';
import type { LogWriterFactory } from '../../../src/sim/writer-contract';

export const reference = rolloutRecorderWriter('reference');

/** The reference recorder whose open file handles are `bind`'s wrapping of the real ones. */
export function recorderOverBinding(name: string, bind: (handle: FileHandle) => FileHandle): LogWriterFactory {
  return {
    ...reference,
    name,
    open: (env, home) => {
      const fs = env.fs;
      const bound: FileSystem = {
        open: async (path, flags, mode) => bind(await fs.open(path, flags, mode)),
        mkdir: (path, options) => fs.mkdir(path, options),
        stat: (path) => fs.stat(path),
        readFile: (path) => fs.readFile(path),
      };
      return reference.open({ ...env, fs: bound }, home);
    },
  };
}
