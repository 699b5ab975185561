// `rollout-sim demo`: the #16300 reproducer over the real file system, in a temporary directory.
import { createTempHome, nodeEnv } from '../env/node-env';
import { reproduceForEveryVariant } from '../demo/stale-clone';

export async function demoCommand(write: (line: string) => void): Promise<number> {
  const temp = await createTempHome();
  try {
    write(`openai/codex#16300 reproducer over node:fs in ${temp.home}`);
    write('create, clone, shut the original down, then record / persist / flush on the stale clone\n');
    const reports = await reproduceForEveryVariant(nodeEnv(), (v) => `${temp.home}/${v}`);
    for (const r of reports) {
      write(`${r.variant.padEnd(10)} ${r.verdict}`);
      for (const c of r.calls) write(`  ${c.call.padEnd(12)} ${c.result}`);
      if (r.lostAcknowledged.length > 0) write(`  acknowledged but not in the file: ${r.lostAcknowledged.join(', ')}`);
    }
    return 0;
  } finally {
    await temp.remove();
  }
}
