// The recorder over the real file system (node:fs, in a temporary directory): what the
// memory env cannot show -- permission bits under a real umask, errors as Linux gives them.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeEnv } from '../env/node-env';
import { RolloutPathIsDirectoryError } from './errors';
import { loadHistory } from './history';

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

});
