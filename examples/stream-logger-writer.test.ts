// The README's own fs-based logger, unchanged, through --recorder: its shutdown bug is
// found, named, shrunk, and its replay gives the same trace hash.
import { inProcessCli } from '../src/cli/fixtures/in-process-cli';

const cli = (...args: string[]) => inProcessCli(args);

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
