// Named scenario profiles: the shapes of workload and fault the properties focus on. A
// failure's replay command names its profile, because the profile shapes the generator
// and so the meaning of a seed and path.
import { DEFAULT_BOUNDS, type ScenarioBounds } from '../sim/scenario-arbitrary';
import type { LogWriterFactory } from '../sim/writer-contract';

export const PROFILES = {
  /** Everything: handles, session, every fault kind. */
  default: {},
  /** Recorder level: cloned handles only, no session, no crash. */
  recorder: { sessions: false, faultKinds: ['enospc', 'eio-write', 'torn-write', 'short-write', 'fsync-fail', 'latency'] },
  /** Session level: session persists and session shutdowns, no direct handles, no crash. */
  session: { maxHandleActors: 0, faultKinds: ['enospc', 'eio-write', 'torn-write', 'short-write', 'fsync-fail', 'latency'] },
  /** Every run crashes at some step, often after flushes. */
  crash: { minFaults: 1, maxFaults: 2, faultKinds: ['crash'], maxOpsPerActor: 5, flushWeight: 4 },
} as const satisfies Record<string, Partial<ScenarioBounds>>;

export type ProfileName = keyof typeof PROFILES;
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

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
export function boundsFor(writer: LogWriterFactory, profile: ProfileName): ScenarioBounds {
  const bounds: ScenarioBounds = { ...DEFAULT_BOUNDS, ...(PROFILES[profile] as Partial<ScenarioBounds>) };
  if (writer.hasSession !== true) bounds.sessions = false;
  if (!bounds.sessions && bounds.maxHandleActors === 0) bounds.maxHandleActors = DEFAULT_BOUNDS.maxHandleActors;
  return bounds;
}
