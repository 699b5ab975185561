// The README's own fs-based logger, unchanged, through --recorder: its shutdown bug is
// found, named, shrunk, and its replay gives the same trace hash.
import type { CliHooks } from '../src/cli/cli-hooks';
import { main } from '../src/cli/main';

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const hooks: CliHooks = { progress: () => ({ update() {}, stop() {} }), err: () => undefined };
  const code = await main(['node', 'rollout-sim', ...args], (l) => lines.push(l), hooks);
  return { code, out: lines.join('\n') };
}

test("a logger that calls node:fs itself is tested unmodified: close() calling back before the stream wrote is caught and replays", async () => {
  const found = await cli('run', '--recorder', 'examples/stream-logger-writer.ts', '--profile', 'logger', '--runs', '200', '--seed', '1', '--no-corpus');
  expect(found.code).toBe(1);
  expect(found.out).toMatch(/\[no-acknowledged-item-lost\] \d+ item\(s\) not yet in the file when sd\d's shutdown .* a process that exited right after the acknowledgement would have lost them/);
  expect(found.out).toMatch(/fs writev? \/home\/agent\/logs\/stream-logger\.jsonl/);
  const command = /replay: rollout-sim (.*)$/m.exec(found.out)![1];
  const replayed = await cli(...command.split(' '));
  expect(replayed.code).toBe(1);
  expect(replayed.out.split('\n').at(-1)).toBe(found.out.split('\n').at(-1));
});
