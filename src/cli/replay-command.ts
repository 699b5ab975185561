// `rollout-sim replay`: re-runs the failure at a seed and path, exactly as the campaign
// found it, and prints the same trace and the same trace-hash line.
import { replayFailure } from '../campaign/campaign';
import { formatFailure } from '../campaign/failure';
import type { ProfileName } from '../campaign/profiles';
import { resolveWriter, writerRefFrom } from './writer-ref';

export async function replayCommand(
  o: { variant?: string; recorder?: string; seed: number; path: string; profile: ProfileName },
  out: (line: string) => void,
  cwd = process.cwd(),
): Promise<number> {
  const ref = writerRefFrom(o);
  const failure = await replayFailure(resolveWriter(ref, cwd), ref, o);
  if (!failure) {
    out(`seed ${o.seed} path ${o.path}: every invariant held (the writer no longer fails here)`);
    return 0;
  }
  out(formatFailure(failure));
  return 1;
}
