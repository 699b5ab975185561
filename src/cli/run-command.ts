// `rollout-sim run`: a campaign against a variant or a user's module, with progress and
// a summary. Exit 0 when every invariant held, 1 when one failed.
import { runCampaign, type CampaignResult, type Shard } from '../campaign/campaign';
import { Corpus, defaultCorpusPath } from '../campaign/corpus';
import { formatFailure } from '../campaign/failure';
import { junitReport } from '../campaign/junit-report';
import { runOverRealFs } from '../campaign/real-fs-run';
import { formatSummary } from '../campaign/summary';
import type { ProfileName, StrategyMix } from '../campaign/profiles';
import { nodeTextFile } from '../env/node-env';
import { checkWritableFile } from '../env/output-file';
import { ALL_INVARIANTS, determinism } from '../invariants/index';
import { IN_PROCESS, type CliHooks } from './cli-hooks';
import { checkHtmlPath, writeFailureHtml } from './html-option';
import { writeReportFile } from './report-file';
import { resolveWriter, writerRefFrom } from './writer-ref';

export interface RunOptions {
  variant?: string;
  recorder?: string;
  /** A built-in npm logger, `package@version`. */
  target?: string;
  runs: number;
  seed: number;
  timeLimit?: number;
  shard?: Shard;
  junit?: string;
  /** Write the first failure's shrunk run as an HTML report here. */
  html?: string;
  fs: 'sim' | 'real';
  /** The regression corpus; false: none; absent: the bundled one for a variant, the user's own (USER_CORPUS) for a module. */
  corpus?: string | false;
  profile: ProfileName;
  /** Which scheduling strategies the runs draw (default mixed). */
  strategy?: StrategyMix;
  /** Re-run one generated run in N and compare (0: off). */
  checkDeterminism: number;
}

export async function runCommand(o: RunOptions, out: (line: string) => void, cwd = process.cwd(), hooks: CliHooks = IN_PROCESS): Promise<number> {
  const ref = writerRefFrom(o);
  if (o.junit) checkWritableFile('--junit', o.junit);
  checkHtmlPath(o.html);
  const writer = resolveWriter(ref, cwd);
  const label = `${writer.name}${o.shard ? ` shard ${o.shard.index}/${o.shard.count}` : ''}`;

  if (o.fs === 'real') {
    out(`smoke run over the real file system: ${o.runs} runs, seed ${o.seed} (not deterministic: reported, never replayed)`);
    const progress = hooks.progress(o.runs, label);
    const result = await runOverRealFs(writer, { numRuns: o.runs, seed: o.seed, invariants: ALL_INVARIANTS, onRun: (d) => progress.update(d) });
    progress.stop();
    for (const f of result.failures.slice(0, 5)) {
      out(`run ${f.index} (${f.workload}):`);
      for (const v of f.violations) out(`  [${v.invariant}] ${v.message}`);
    }
    out(`runs: ${result.runs}\nfailures: ${result.failures.length}`);
    if (o.html) out(`html report: none written to ${o.html} -- a run over the real file system keeps no trace`);
    return result.failures.length ? 1 : 0;
  }

  const corpus = o.corpus === false ? undefined : await Corpus.open(nodeTextFile(o.corpus ?? defaultCorpusPath(ref), cwd));
  const total = o.runs + (corpus?.entries.length ?? 0);
  const progress = hooks.progress(total, label);
  const result = await runCampaign({
    writer,
    ref,
    numRuns: o.runs,
    seed: o.seed,
    timeLimitMs: o.timeLimit ? o.timeLimit * 1000 : undefined,
    shard: o.shard,
    profile: o.profile,
    strategy: o.strategy,
    corpus,
    checkDeterminism: o.checkDeterminism,
    onProgress: (stats) => progress.update(stats.runs + stats.corpusRuns + stats.corpusSkipped),
    onRunStart: hooks.onRunStart,
  });
  progress.stop();
  out(formatSummary(result));
  let code = report(result, corpus, out);
  // The report is out first: a JUnit or HTML file that cannot be written loses nothing else.
  const say = { out, err: (line: string) => hooks.err(line) };
  code = await writeFailureHtml(o.html, result.failure, ref, code, say);
  if (!o.junit) return code;
  const junit = o.junit;
  return writeReportFile('JUnit', junit, () => nodeTextFile(junit).write(junitReport(result, [...ALL_INVARIANTS, determinism])), code, say);
}

function report(result: CampaignResult, corpus: Corpus | undefined, out: (line: string) => void): number {
  if (!result.failure) {
    out('all invariants held');
    return 0;
  }
  if (result.failure.run.end.kind === 'contract-error') {
    out(`error: ${result.failure.run.end.message}`);
    return 2;
  }
  if (result.savedToCorpus && corpus) out(`saved to the regression corpus: ${corpus.location}`);
  out('');
  out(formatFailure(result.failure));
  return 1;
}
