// The recorder over the real file system (node:fs, in a temporary directory): what the
// memory env cannot show -- permission bits under a real umask, errors as Linux gives them.
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { nodeEnv } from '../env/node-env';
import { RolloutPathIsDirectoryError } from './errors';
import { loadHistory } from './history';
import { RolloutRecorder } from './recorder';
import { userMessage } from './sample-items';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'rollout-recorder-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('the recorder over node:fs', () => {
  test('loadHistory of a directory is a RolloutPathIsDirectoryError naming it', async () => {
    const dir = join(home, 'sessions', 'not-a-file.jsonl');
    await mkdir(dir, { recursive: true });
    await expect(loadHistory(nodeEnv().fs, dir)).rejects.toEqual(new RolloutPathIsDirectoryError(dir));
  });

  test('every directory it creates for a session is 0700, even under umask 000, as the file is 0600', async () => {
    const previous = process.umask(0);
    try {
      const rec = await RolloutRecorder.create(nodeEnv(), { home });
      await rec.recordItems([userMessage('private')]);
      expect(await rec.shutdown()).toMatchObject({ status: 'ok', path: rec.path });
      // sessions/YYYY/MM/DD: each was created by the recorder.
      const created = relative(home, rec.path).split('/').slice(0, -1);
      expect(created).toHaveLength(4);
      const modes: Record<string, string> = {};
      for (let i = 1; i <= created.length; i++) {
        const dir = created.slice(0, i).join('/');
        modes[dir] = ((await stat(join(home, dir))).mode & 0o777).toString(8);
      }
      expect(Object.values(modes)).toEqual(['700', '700', '700', '700']);
      expect(((await stat(rec.path)).mode & 0o777).toString(8)).toBe('600');
    } finally {
      process.umask(previous);
    }
  });
});
