// The `rollout-sim` command: parses arguments with commander and calls the library.
// Exit codes: 0 all held, 1 an invariant failed, 2 bad arguments or a bad module.
import { randomInt } from 'node:crypto';
import { Command, CommanderError } from 'commander';
import { WriterModuleError } from '../adapters/writer-module';
import { MAX_CAMPAIGN_RUNS, ReplayPathError } from '../campaign/campaign';
import { UnknownCorpusEntryError } from '../campaign/corpus-replay';
import { BUNDLED_CORPUS, CorpusFileError, CorpusFormatError, USER_CORPUS } from '../campaign/corpus';
import { DEFAULT_DETERMINISM_CHECK } from '../campaign/determinism-check';
import { PROFILE_NAMES, type ProfileName, type StrategyMix } from '../campaign/profiles';
import { OutputFileError } from '../env/output-file';
import { TARGETS, UnknownTargetError } from '../targets/registry';
import { UnknownVariantError } from '../recorder/errors';
import { demoCommand } from './demo-command';
import { parseChoice, parseNonNegativeInt, parseStrategy, parsePath, parsePositiveInt, parseProfileOption, parseSeed, parseShard } from './options';
import { replayCommand, type ReplayOptions } from './replay-command';
import { runCommand, type RunOptions } from './run-command';
import { hashesCommand, traceCommand, type HashesOptions, type TraceFormat, type TraceOptions } from './trace-command';
import { WriterChoiceError } from './writer-ref';
import { IN_PROCESS, type CliHooks } from './cli-hooks';
import { HTML_FLAG, HTML_HELP } from './html-option';
import { DEFAULT_RUN_TIMEOUT_S, RUN_TIMEOUT_FLAG, WATCHED_COMMANDS } from './run-timeout';
import { version } from '../../package.json';

/** Errors that mean the user asked for something we cannot do: exit 2, message only. */
const USAGE_ERRORS = [UnknownTargetError, OutputFileError, UnknownVariantError, WriterModuleError, WriterChoiceError, CorpusFormatError, CorpusFileError, ReplayPathError, UnknownCorpusEntryError];

const STRATEGY_HELP = 'scheduling strategies runs draw: mixed (random walk or PCT per run), random or pct';

const CORPUS_DEFAULT = `default: ${BUNDLED_CORPUS} with --variant, ${USER_CORPUS} (in the working directory) with --recorder`;

/** The default number of runs of a campaign (npm start). */
export const DEFAULT_CAMPAIGN_RUNS = 5_000;

export async function main(argv: readonly string[], out: (line: string) => void = (l) => console.log(l), hooks: CliHooks = IN_PROCESS): Promise<number> {
  let exitCode = 0;
  const cwd = process.cwd();
  const program = new Command('rollout-sim')
    .description('Deterministic simulation testing for asynchronous append-only log writers')
    .version(version, '-V, --version', 'print the version of rollout-sim')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => hooks.err(s.trimEnd()) });
  const runTimeout = (command: Command) =>
    command.option(
      `${RUN_TIMEOUT_FLAG} <seconds>`,
      'stop and report a run that takes longer than this in wall-clock time (a synchronous loop, a microtask flood)',
      parsePositiveInt(RUN_TIMEOUT_FLAG, 24 * 3600),
      DEFAULT_RUN_TIMEOUT_S,
    );

  program
    .command('demo')
    .description('run the openai/codex#16300 stale-clone reproducer against each variant over the real file system')
    .action(async () => {
      exitCode = await demoCommand(out);
    });

  program
    .command('targets')
    .description('list the npm loggers built in as targets: each release, and what it is known for')
    .action(() => {
      for (const t of TARGETS) out(`${t.name.padEnd(20)} ${t.known}`);
    });

  program
    .command('trace')
    .description('run one seed and print its trace, then a line `trace-hash: <hex>`')
    .option('--variant <name>', 'recorder variant: legacy, flag-only or reference')
    .option('--recorder <module>', "a module exporting your writer (a LogWriterFactory) as `writer` or default")
    .option('--target <package@version>', 'a built-in npm logger, run unmodified (see `rollout-sim targets`)')
    .requiredOption('--seed <n>', 'the seed that draws the scenario', parseSeed)
    .option('--profile <name>', `scenario profile the seed draws from: ${PROFILE_NAMES.join(', ')}`, parseProfileOption, 'default' as ProfileName)
    .option('--strategy <kind>', STRATEGY_HELP, parseStrategy, 'mixed' as StrategyMix)
    .option('--format <format>', 'text or jsonl', parseChoice<TraceFormat>('--format', ['text', 'jsonl']), 'text' as TraceFormat)
    .option(`${HTML_FLAG} <file>`, HTML_HELP)
    .action(async (opts: TraceOptions) => {
      exitCode = await traceCommand(opts, out, cwd, hooks);
    });

  program
    .command('hashes')
    .description('print `<seed> <trace-hash>` for a range of seeds (to compare processes and machines)')
    .option('--variant <name>', 'recorder variant')
    .option('--recorder <module>', 'your writer module')
    .option('--target <package@version>', 'a built-in npm logger (see `rollout-sim targets`)')
    .option('--profile <name>', `scenario profile the seeds draw from: ${PROFILE_NAMES.join(', ')}`, parseProfileOption, 'default' as ProfileName)
    .option('--strategy <kind>', STRATEGY_HELP, parseStrategy, 'mixed' as StrategyMix)
    .option('--from <n>', 'first seed', parseNonNegativeInt('--from'), 0)
    .option('--count <n>', 'how many seeds', parseNonNegativeInt('--count', 1_000_000), 100)
    .action(async (opts: HashesOptions) => {
      exitCode = await hashesCommand(opts, out, cwd, hooks);
    });

  program
    .command('run')
    .description('run a campaign: generate scenarios from one seed, check every invariant, shrink and report the first failure')
    .option('--variant <name>', 'recorder variant: legacy, flag-only or reference')
    .option('--recorder <module>', "a module exporting your writer (a LogWriterFactory) as `writer` or default")
    .option('--target <package@version>', 'a built-in npm logger, run unmodified (see `rollout-sim targets`)')
    .option('--runs <n>', 'scenarios to generate', parseNonNegativeInt('--runs', MAX_CAMPAIGN_RUNS), DEFAULT_CAMPAIGN_RUNS)
    .option('--seed <n>', 'seed (default: a fresh one, printed in the summary)', parseSeed)
    .option('--time-limit <seconds>', 'stop generating after this many seconds', parseNonNegativeInt('--time-limit', 7 * 24 * 3600))
    .option('--shard <i/n>', 'run shard i of n: its own seed (seed + i - 1) and its share of the runs', parseShard)
    .option('--junit <file>', 'also write a JUnit XML report')
    .option(`${HTML_FLAG} <file>`, `${HTML_HELP} (the first failure's shrunk run)`)
    .option('--fs <kind>', 'sim (deterministic, default) or real (node:fs smoke run; reports, never replays)', parseChoice('--fs', ['sim', 'real'] as const), 'sim')
    .option('--corpus <file>', `regression corpus: this writer's and profile's entries are replayed first, failures saved to it (${CORPUS_DEFAULT})`)
    .option('--no-corpus', 'neither replay nor save the regression corpus')
    .option('--profile <name>', `scenario profile: ${PROFILE_NAMES.join(', ')}`, parseProfileOption, 'default' as ProfileName)
    .option('--strategy <kind>', STRATEGY_HELP, parseStrategy, 'mixed' as StrategyMix)
    .option(
      '--check-determinism <n>',
      're-run one generated run in n and compare the traces, file bytes included (0: off; failures are always replayed)',
      parseNonNegativeInt('--check-determinism', 1_000_000),
      DEFAULT_DETERMINISM_CHECK,
    )
    .action(async (opts: Omit<RunOptions, 'seed'> & { seed?: number }) => {
      exitCode = await runCommand({ ...opts, seed: opts.seed ?? randomInt(2 ** 31 - 1) }, out, cwd, hooks);
    });

  program
    .command('replay')
    .description('replay a failure exactly as found -- by --seed and --path, or by a corpus --entry -- printing the same trace and trace-hash line')
    .option('--variant <name>', 'recorder variant')
    .option('--recorder <module>', 'your writer module')
    .option('--target <package@version>', 'a built-in npm logger (see `rollout-sim targets`)')
    .option('--seed <n>', 'the seed the failure was found with', parseSeed)
    .option('--path <path>', 'the fast-check path of the shrunk failure', parsePath)
    .option('--profile <name>', 'the scenario profile the failure was found under (default: default; with --entry, the entry\'s)', parseProfileOption)
    .option('--strategy <kind>', 'with --seed/--path: the strategy the campaign was run with (default mixed)', parseStrategy)
    .option('--corpus <file>', `the regression corpus holding --entry (${CORPUS_DEFAULT})`)
    .option('--entry <id>', 'a regression-corpus entry (the id its failure printed)')
    .option(`${HTML_FLAG} <file>`, HTML_HELP)
    .action(async (opts: ReplayOptions) => {
      exitCode = await replayCommand(opts, out, cwd, hooks);
    });

  // Every command that simulates runs under the watchdog, so each takes its limit.
  for (const command of program.commands) if (WATCHED_COMMANDS.includes(command.name())) runTimeout(command);

  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof Error && USAGE_ERRORS.some((E) => err instanceof E)) {
      hooks.err(`error: ${err.message}`);
      return 2;
    }
    throw err;
  }
  return exitCode;
}
