// The openai/codex#16300 reproducer as a library call: create, clone, shut the original
// down, then record / persist / flush on the stale clone, and say what became of each.
import type { Env } from '../env/env';
import { loadHistory, RolloutRecorder, userMessage, VARIANT_NAMES, type VariantName } from '../recorder/index';

export interface StaleCloneCall {
  call: 'recordItems' | 'persist' | 'flush';
  /** `threw: <message>` or the outcome's status. */
  result: string;
}

export interface StaleCloneReport {
  variant: VariantName;
  path: string;
  calls: StaleCloneCall[];
  /** Messages the stale clone was told were queued but that are not in the file. */
  lostAcknowledged: string[];
  verdict: 'error thrown' | 'items lost' | 'clean closed, nothing lost';
}

export async function reproduceStaleClone(env: Env, home: string, variant: VariantName): Promise<StaleCloneReport> {
  const original = await RolloutRecorder.create(env, { home, variant });
  await original.recordItems([userMessage('before shutdown')]);
  const stale = original.clone();
  await original.shutdown();
  const calls: StaleCloneCall[] = [];
  const acknowledged: string[] = ['before shutdown'];
  const attempt = async (call: StaleCloneCall['call'], run: () => Promise<{ status: string }>) => {
    try {
      const outcome = await run();
      calls.push({ call, result: outcome.status });
      return outcome.status;
    } catch (err) {
      calls.push({ call, result: `threw: ${err instanceof Error ? err.message : String(err)}` });
      return 'threw';
    }
  };
  if ((await attempt('recordItems', () => stale.recordItems([userMessage('after shutdown')]))) === 'queued') {
    acknowledged.push('after shutdown');
  }
  await attempt('persist', () => stale.persist());
  await attempt('flush', () => stale.flush());
  const written = new Set((await loadHistory(env.fs, original.path)).items.map((i) => (i.payload as { message?: string }).message));
  const lostAcknowledged = acknowledged.filter((m) => !written.has(m));
  const verdict = calls.some((c) => c.result.startsWith('threw'))
    ? 'error thrown'
    : lostAcknowledged.length > 0
      ? 'items lost'
      : 'clean closed, nothing lost';
  return { variant, path: original.path, calls, lostAcknowledged, verdict };
}

export async function reproduceForEveryVariant(env: Env, homeFor: (v: VariantName) => string): Promise<StaleCloneReport[]> {
  const reports: StaleCloneReport[] = [];
  for (const variant of VARIANT_NAMES) reports.push(await reproduceStaleClone(env, homeFor(variant), variant));
  return reports;
}
