// How the recorder scales over the real file system: N items recorded one per call on a
// recorder handle in a fresh temporary home, then a shutdown; prints the wall time and the
// process's peak resident set size, then checks that the file holds every item.
//
//   npx ts-node --transpile-only bench/recorder-scale.ts [--items N] [--await|--no-await] [--before-persist]
//   (or: npm run bench:recorder-scale -- [options])
//
// --await (default): each caller awaits its recordItems before the next, so the channel's
//   backpressure bounds what waits in memory.
// --no-await: every call is made at once and none is awaited: callers pile up waiting
//   for room in the channel.
// --before-persist: every item is recorded before the first persist (the file does not
//   exist yet); by default a persist comes first, so the file exists from the start.
// --variant NAME: legacy, flag-only or reference (default).
// Peak RSS is process.resourceUsage().maxRSS, taken before the check reads the file back;
// it includes what node and ts-node hold before the run, printed as "baseline".
import { createReadStream } from 'node:fs';
import { createTempHome, nodeEnv } from '../src/env/node-env';
import { parseVariant, RolloutRecorder, userMessage, type RecordOutcome, type VariantName } from '../src/recorder';

interface Options {
  items: number;
  await: boolean;
  beforePersist: boolean;
  variant: VariantName;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { items: 1_000_000, await: true, beforePersist: false, variant: 'reference' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--await') options.await = true;
    else if (arg === '--no-await') options.await = false;
    else if (arg === '--before-persist') options.beforePersist = true;
    else if (arg === '--items' || arg === '--variant') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      if (arg === '--variant') options.variant = parseVariant(value);
      else {
        const n = Number(value.replace(/_/g, ''));
        if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--items must be a positive whole number, got ${JSON.stringify(value)}`);
        options.items = n;
      }
    } else throw new Error(`unknown argument ${JSON.stringify(arg)}; usage: [--items N] [--await|--no-await] [--before-persist] [--variant NAME]`);
  }
  return options;
}

const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`;

async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path)) {
    for (const byte of chunk as Buffer) if (byte === 0x0a) lines++;
  }
  return lines;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const baselineKib = process.resourceUsage().maxRSS;
  const temp = await createTempHome('rollout-scale-');
  try {
    const rec = await RolloutRecorder.create(nodeEnv(), { home: temp.home, variant: options.variant });
    const started = process.hrtime.bigint();
    if (!options.beforePersist) await expectOk(rec.persist(), 'the first persist');
    let queued = 0;
    const failures: string[] = [];
    const tally = (outcome: RecordOutcome): void => {
      if (outcome.status === 'queued') queued++;
      else failures.push(outcome.status);
    };
    for (let i = 0; i < options.items; i++) {
      const call = rec.recordItems([userMessage(`item ${i}`)]);
      if (options.await) tally(await call);
      else call.then(tally, (err: Error) => failures.push(err.message));
    }
    if (options.beforePersist) await expectOk(rec.persist(), 'the persist after the items');
    // Queued behind every call above, so it resolves after all of them were taken.
    await expectOk(rec.shutdown(), 'shutdown');
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peakKib = process.resourceUsage().maxRSS;
    const lines = await countLines(rec.path);
    console.log(
      [
        `items ${options.items}, ${options.await ? 'awaiting' : 'non-awaiting'} callers, ` +
          `${options.beforePersist ? 'all before the first persist' : 'persist first'}, variant ${options.variant}`,
        `wall time ${seconds.toFixed(2)} s`,
        `peak RSS ${mib(peakKib)} (baseline before the run ${mib(baselineKib)})`,
        `queued ${queued}, failed ${failures.length}; file lines ${lines} (metadata + ${lines - 1} items)`,
      ].join('\n'),
    );
    if (queued !== options.items || failures.length > 0 || lines !== options.items + 1) {
      throw new Error(`lost items: ${options.items} recorded, ${queued} queued, ${lines - 1} in the file; failures: ${failures.slice(0, 3).join('; ')}`);
    }
  } finally {
    await temp.remove();
  }
}

async function expectOk(call: Promise<{ status: string }>, what: string): Promise<void> {
  const outcome = await call;
  if (outcome.status !== 'ok') throw new Error(`${what} did not succeed: ${JSON.stringify(outcome)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
