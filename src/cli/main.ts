// The `rollout-sim` command: parses arguments with commander and calls the library.
// Exit codes: 0 all held, 1 an invariant failed, 2 bad arguments or a bad module.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { demoCommand } from './demo-command';
import { parseNonNegativeInt, parseSeed } from './options';
import { hashesCommand, traceCommand, type TraceFormat } from './trace-command';
import { UnknownVariantError } from '../recorder/errors';

function parseFormat(value: string): TraceFormat {
  if (value !== 'text' && value !== 'jsonl') throw new InvalidArgumentError(`--format is text or jsonl; got ${JSON.stringify(value)}`);
  return value;
}

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

  program
    .command('trace')
    .description('run one seed and print its trace, then a line `trace-hash: <hex>`')
    .requiredOption('--variant <name>', 'recorder variant: legacy, flag-only or reference')
    .requiredOption('--seed <n>', 'the seed that draws the scenario', parseSeed)
    .option('--format <format>', 'text or jsonl', parseFormat, 'text' as TraceFormat)
    .action(async (opts: { variant: string; seed: number; format: TraceFormat }) => {
      exitCode = await traceCommand(opts, out);
    });

  program
    .command('hashes')
    .description('print `<seed> <trace-hash>` for a range of seeds (to compare processes and machines)')
    .requiredOption('--variant <name>', 'recorder variant')
    .option('--from <n>', 'first seed', parseNonNegativeInt('--from'), 0)
    .option('--count <n>', 'how many seeds', parseNonNegativeInt('--count', 1_000_000), 100)
    .action(async (opts: { variant: string; from: number; count: number }) => {
      exitCode = await hashesCommand(opts, out);
    });

  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UnknownVariantError) {
      console.error(`error: ${err.message}`);
      return 2;
    }
    throw err;
  }
  return exitCode;
}
