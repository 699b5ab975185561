// Named scenario profiles: the shapes of workload and fault the properties focus on. A
// failure's replay command names its profile, because the profile shapes the generator
// and so the meaning of a seed and path.
import type { FaultKind } from '../sim/fault-plan';
import { DEFAULT_BOUNDS, type ScenarioBounds } from '../sim/scenario-arbitrary';
import type { LogWriterFactory } from '../sim/writer-contract';

/** Every fault but the crashes. */
const IO_FAULTS = ['enospc', 'eio-write', 'torn-write', 'short-write', 'fsync-fail', 'latency'] as const satisfies readonly FaultKind[];

export const PROFILES = {
  /** Everything: handles, session, every fault kind. */
  default: {},
  /** Recorder level: cloned handles only, no session, no crash. */
  recorder: { sessions: false, faultKinds: IO_FAULTS },
  /** Session level: session persists and session shutdowns, no direct handles, no crash. */
  session: { maxHandleActors: 0, faultKinds: IO_FAULTS },
  /**
   * Every run has a crash planned -- at a drawn step, or just after a flush or shutdown resolved ok --
   * often after write faults, failed fsyncs and short writes in the same run; flushes are
   * frequent so there are promises of durability to break.
   */
  crash: { minFaults: 0, maxFaults: 2, faultKinds: IO_FAULTS, crashEveryRun: true, maxOpsPerActor: 5, flushWeight: 4 },
  /**
   * write(2) only as Linux answers it for a regular file -- a short count, or ENOSPC/EIO
   * with nothing written -- plus failed fsyncs, latency and power loss: no torn writes
   * (part written, then an error), which no writer can recover from without duplicating
   * or losing. For loggers, whose bugs live in how they count what a short write took.
   */
  logger: { faultKinds: ['enospc', 'eio-write', 'short-write', 'fsync-fail', 'latency', 'crash', 'crash-after-ack'], minFaults: 1 },
  /**
   * Everything, searched another way: every run a swarm run (a random subset of the call
   * and fault kinds, up to twice the faults, of those kinds), fault indices brought inside
   * the run. Measured on the catalogue's deepest bugs it is neither better nor worse than
   * the default overall (BENCHMARKS.md): a second search, not a replacement.
   */
  swarm: { swarmPerMille: 1000, faultsSizedToRun: true },
} as const satisfies Record<string, Partial<ScenarioBounds>>;

export type ProfileName = keyof typeof PROFILES;
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/**
 * Which scheduling strategies a campaign's runs draw: `mixed` (the default) draws random
 * walk or PCT per run; `random` and `pct` only that one. Like the profile it shapes the
 * generator, so a seed and path name a run only with it (replay commands carry it).
 */
export const STRATEGY_MIXES = ['mixed', 'random', 'pct'] as const;
export type StrategyMix = (typeof STRATEGY_MIXES)[number];

export class UnknownProfileError extends Error {
  override name = 'UnknownProfileError';
  constructor(name: string) {
    super(`unknown profile ${JSON.stringify(name)}; known profiles: ${PROFILE_NAMES.join(', ')}`);
  }
}

export function parseProfile(name: string): ProfileName {
  if (!(PROFILE_NAMES as string[]).includes(name)) throw new UnknownProfileError(name);
  return name as ProfileName;
}

/** The bounds a writer is tested with under a profile; a writer without a session gets no session actors. */
export function boundsFor(writer: LogWriterFactory, profile: ProfileName, strategy: StrategyMix = 'mixed'): ScenarioBounds {
  const bounds: ScenarioBounds = { ...DEFAULT_BOUNDS, ...(PROFILES[profile] as Partial<ScenarioBounds>) };
  if (strategy !== 'mixed') bounds.strategies = [strategy];
  if (writer.hasSession !== true) bounds.sessions = false;
  if (writer.textPayloads === true) bounds.payloads = true;
  if (writer.callsFromCallbacks === true) bounds.callsFromCallbacks = true;
  if (!bounds.sessions && bounds.maxHandleActors === 0) bounds.maxHandleActors = DEFAULT_BOUNDS.maxHandleActors;
  return bounds;
}
