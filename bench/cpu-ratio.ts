// Measuring cost as CPU time (process.cpuUsage: user + system, every thread of the
// process, so garbage collection on helper threads counts), and comparing engines side by
// side: each round runs every engine once, in a rotated order, so drift on a shared
// machine falls on all of them alike; ratios are taken within a round, then summarised as
// min / median / max over the rounds. Absolute times on a shared machine are noise; a
// ratio measured in one round is not.

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new RangeError('spread of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1] };
}

/** CPU milliseconds `body` took, with its result. */
export async function cpuMs<T>(body: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const before = process.cpuUsage();
  const value = await body();
  const used = process.cpuUsage(before);
  return { ms: (used.user + used.system) / 1000, value };
}

export interface Round<K extends string> {
  /** The order the engines ran in this round. */
  order: K[];
  cpuMs: Record<K, number>;
}

export interface RoundHooks<K extends string> {
  /** Runs before each engine's turn, untimed (fresh schedulers, say). */
  prepare?: (engine: K) => void;
  /** Told as each round starts (0-based). */
  onRound?: (round: number) => void;
}

/** Runs `rounds` rounds; in round r the engines run in `engines`' order rotated by r. */
export async function interleavedRounds<K extends string>(engines: Record<K, () => Promise<void>>, rounds: number, hooks: RoundHooks<K> = {}): Promise<Array<Round<K>>> {
  const names = Object.keys(engines) as K[];
  const out: Array<Round<K>> = [];
  for (let r = 0; r < rounds; r++) {
    hooks.onRound?.(r);
    const order = names.map((_, i) => names[(i + r) % names.length]);
    const cpu = {} as Record<K, number>;
    for (const name of order) {
      hooks.prepare?.(name);
      cpu[name] = (await cpuMs(engines[name])).ms;
    }
    out.push({ order, cpuMs: cpu });
  }
  return out;
}

/** Per round, `a`'s CPU over `b`'s; summarised over the rounds. */
export function costRatio<K extends string>(rounds: ReadonlyArray<Round<K>>, a: K, b: K): Spread {
  return spread(rounds.map((r) => r.cpuMs[a] / r.cpuMs[b]));
}
