// The `rollout-sim` command: parses arguments with commander and calls the library.
// Exit codes: 0 all held, 1 an invariant failed, 2 bad arguments or a bad module.
import { Command, CommanderError } from 'commander';
import { demoCommand } from './demo-command';

export async function main(argv: readonly string[], out: (line: string) => void = (l) => console.log(l)): Promise<number> {
  let exitCode = 0;
  const program = new Command('rollout-sim')
    .description('Deterministic simulation testing for asynchronous append-only log writers')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => console.error(s.trimEnd()) });

  program
    .command('demo')
    .description('run the openai/codex#16300 stale-clone reproducer against each variant over the real file system')
    .action(async () => {
      exitCode = await demoCommand(out);
    });

  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    throw err;
  }
  return exitCode;
}
