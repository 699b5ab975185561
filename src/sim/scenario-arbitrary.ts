// Scenarios drawn by fast-check, so that one seed gives one scenario and a failing one
// shrinks: fewer actors and calls, fewer faults, a shorter choice tape of smaller values.
import fc from 'fast-check';
import type { Fault, FaultKind, FaultPlan } from './fault-plan';
import type { Scenario } from './scenario';
import type { StrategyKind, StrategySpec } from './strategy';
import { sizeFaults } from './fault-sizing';
import { narrowBounds, swarmConfigurationArbitrary } from './swarm';
import { expectedSteps, PAYLOADS, type ActorSpec, type HandleBurstOp, type HandleOp, type Payload, type SessionOp, type Workload } from './workload';

export interface WorkloadBounds {
  /** Whether the writer has a session layer to call; if not, no session actors and shutdown via handles. */
  sessions: boolean;
  maxHandleActors: number;
  maxSessionActors: number;
  maxShutdownCallers: number;
  maxOpsPerActor: number;
  maxItemsPerCall: number;
  /** Weight of flush against append (4) and persist among handle and session calls. */
  flushWeight: number;
  /** Weight of a handle's persist against append (4) and flush. */
  persistWeight: number;
  /** Chance, in per-mille, that an actor gets one burst (many item calls started at once) among its ops. */
  burstPerMille: number;
  /** Small bursts have 2 calls up to this; every session burst is small (each persist passes the session's lock). */
  maxSmallBurstCalls: number;
  /** Large handle bursts have from this many calls: with the persist that opens them in the writer's hands, one more than a queue of 256 holds. */
  minLargeBurstCalls: number;
  /** Most calls in one burst; below `minLargeBurstCalls`, no large bursts. */
  maxBurstCalls: number;
  /** Weight of a large burst against a small one (1). */
  largeBurstWeight: number;
  /** Whether appends may carry text payloads (multibyte, a few KB); off unless the writer asks (LogWriterFactory.textPayloads). */
  payloads: boolean;
  /** Whether a handle call may be made from inside the acknowledgement of the one before (HandleOp.fromCallback); off unless the writer asks. */
  callsFromCallbacks: boolean;
}

export interface ScenarioBounds extends WorkloadBounds {
  minFaults: number;
  maxFaults: number;
  /** Fault kinds that may be drawn; the default is all of them. */
  faultKinds: readonly FaultKind[];
  maxTapeLength: number;
  /** Scheduling strategies a run may draw: random walk, PCT, or (the default) either. */
  strategies: readonly StrategyKind[];
  maxPctDepth: number;
  /** Crash steps are drawn below this. */
  crashHorizon: number;
  /**
   * Whether every run has a crash (one of `crash` or `crash-after-ack`, half and half) on
   * top of its other faults, drawn from `faultKinds`: faults together, as a real failure
   * often is -- a write error, then power loss.
   */
  crashEveryRun: boolean;
  /**
   * Per-mille of runs that are swarm runs (swarm.ts): they first draw which kinds of call
   * and fault they may use, then draw only from those. 0: every run draws from everything.
   */
  swarmPerMille: number;
  /** Whether fault indices past what the workload will likely make are brought inside the run (fault-sizing.ts). */
  faultsSizedToRun: boolean;
}

export const DEFAULT_BOUNDS: ScenarioBounds = {
  sessions: true,
  maxHandleActors: 3,
  maxSessionActors: 2,
  maxShutdownCallers: 3,
  maxOpsPerActor: 4,
  maxItemsPerCall: 3,
  flushWeight: 1,
  persistWeight: 1,
  burstPerMille: 500,
  maxSmallBurstCalls: 4,
  minLargeBurstCalls: 257,
  maxBurstCalls: 264,
  largeBurstWeight: 3,
  payloads: false,
  callsFromCallbacks: false,
  minFaults: 0,
  maxFaults: 3,
  faultKinds: ['enospc', 'eio-write', 'torn-write', 'short-write', 'fsync-fail', 'latency', 'crash', 'crash-after-ack'],
  maxTapeLength: 48,
  strategies: ['random', 'pct'],
  maxPctDepth: 3,
  crashHorizon: 30,
  crashEveryRun: false,
  swarmPerMille: 0,
  faultsSizedToRun: false,
};

/** Durability acknowledgements a crash-after-ack may follow, and steps after one it may wait. */
const MAX_CRASH_ACK = 3;
const MAX_CRASH_DELAY = 4;

/** 2026-03-08T01:59:00Z plus a drawn offset: runs cross midnight and DST-like offsets now and then. */
export const BASE_EPOCH_MS = Date.UTC(2026, 2, 8, 1, 59, 0);

/** An append whose items may carry text: none, multibyte or large, the plain one first so failures shrink to it. */
function withPayload(b: WorkloadBounds): fc.Arbitrary<HandleOp> {
  return fc
    .tuple(items(b), fc.constantFrom<Array<Payload | undefined>>(undefined, ...PAYLOADS))
    .map(([i, payload]): HandleOp => (payload ? { kind: 'append', ...i, payload } : { kind: 'append', ...i }));
}

function items(b: WorkloadBounds) {
  return fc.record({ durable: fc.integer({ min: 1, max: b.maxItemsPerCall }), transient: fc.integer({ min: 0, max: 1 }) });
}

function handleOp(b: WorkloadBounds): fc.Arbitrary<HandleOp> {
  const op = plainHandleOp(b);
  if (!b.callsFromCallbacks) return op;
  // Most calls are scheduled as usual; one in three comes from inside the previous one's acknowledgement.
  return fc.tuple(op, fc.integer({ min: 0, max: 2 })).map(([o, n]): HandleOp => (n === 2 && o.kind !== 'burst' ? { ...o, fromCallback: true } : o));
}

function plainHandleOp(b: WorkloadBounds): fc.Arbitrary<HandleOp> {
  return weighted<HandleOp>([
    { weight: 4, arbitrary: b.payloads ? withPayload(b) : items(b).map((i): HandleOp => ({ kind: 'append', ...i })) },
    { weight: b.flushWeight, arbitrary: fc.constant<HandleOp>({ kind: 'flush' }) },
    { weight: b.persistWeight, arbitrary: fc.constant<HandleOp>({ kind: 'persist' }) },
  ]);
}

function sessionOp(b: WorkloadBounds): fc.Arbitrary<SessionOp> {
  return weighted<SessionOp>([
    { weight: 4, arbitrary: items(b).map((i): SessionOp => ({ kind: 'persist-items', ...i })) },
    { weight: b.flushWeight, arbitrary: fc.constant<SessionOp>({ kind: 'flush' }) },
  ]);
}

/** fc.oneof over the choices a run may make: one weighed 0 is left out (a swarm run without it). */
function weighted<T>(choices: Array<{ weight: number; arbitrary: fc.Arbitrary<T> }>): fc.Arbitrary<T> {
  return fc.oneof(...choices.filter((c) => c.weight > 0));
}

/** Calls of one burst: shrinking goes to fewer calls, and from a large burst to a small one. */
function burstCalls(b: WorkloadBounds, large: boolean): fc.Arbitrary<number> {
  const small = fc.integer({ min: 2, max: Math.max(2, b.maxSmallBurstCalls) });
  if (!large || b.maxBurstCalls < b.minLargeBurstCalls) return small;
  return fc.oneof({ withCrossShrink: true }, { weight: 1, arbitrary: small }, { weight: b.largeBurstWeight, arbitrary: fc.integer({ min: b.minLargeBurstCalls, max: b.maxBurstCalls }) });
}

/**
 * An actor's ops with at most one burst among them (several large bursts would outrun the
 * step budget): drawn apart and put in at a drawn place, so shrinking can drop it whole.
 * A large handle burst opens with a persist in flight with it: the writer is then busy
 * creating the file while the appends arrive, and they fill its queue in one step.
 */
function withBurst<Op>(b: WorkloadBounds, ops: fc.Arbitrary<Op[]>, onHandle: boolean): fc.Arbitrary<Op[]> {
  if (b.burstPerMille <= 0 || b.maxSmallBurstCalls < 2) return ops;
  // A large burst hands one item per call: a queue counts commands, not items, and fewer
  // items keep such runs cheap.
  const burst = fc.record({ calls: burstCalls(b, onHandle), durable: fc.integer({ min: 1, max: b.maxItemsPerCall }) }).map(
    ({ calls, durable }): HandleBurstOp =>
      onHandle && calls >= b.minLargeBurstCalls ? { kind: 'burst', calls, durable: 1, persistFirst: true } : { kind: 'burst', calls, durable },
  );
  const maybe = fc.oneof(
    { withCrossShrink: true },
    { weight: 1000 - Math.min(1000, b.burstPerMille), arbitrary: fc.constant(undefined) },
    { weight: Math.min(1000, b.burstPerMille), arbitrary: burst },
  );
  return fc.record({ ops, burst: maybe, from: fc.nat() }).map(({ ops, burst, from }) => {
    if (!burst) return ops;
    // Early more often than not (before a shutdown caller closes the writer); shrinking moves it first.
    const at = from % (ops.length + 1);
    return [...ops.slice(0, at), burst as Op, ...ops.slice(at)];
  });
}

export function workloadArbitrary(b: WorkloadBounds): fc.Arbitrary<Workload> {
  return fc
    .record({
      handles: fc.array(withBurst(b, fc.array(handleOp(b), { minLength: 1, maxLength: b.maxOpsPerActor }), true), { maxLength: b.maxHandleActors }),
      sessions: fc.array(withBurst(b, fc.array(sessionOp(b), { minLength: 1, maxLength: b.maxOpsPerActor }), false), {
        maxLength: b.sessions ? b.maxSessionActors : 0,
      }),
      shutdowns: fc.array(b.sessions ? fc.constantFrom<'handle' | 'session'>('session', 'handle') : fc.constant<'handle'>('handle'), {
        minLength: 1,
        maxLength: b.maxShutdownCallers,
      }),
    })
    .filter((w) => w.handles.length + w.sessions.length > 0)
    .map(({ handles, sessions, shutdowns }) => {
      const actors: ActorSpec[] = [
        ...handles.map((ops, i): ActorSpec => ({ kind: 'handle', name: `h${i + 1}`, ops })),
        ...sessions.map((ops, i): ActorSpec => ({ kind: 'session', name: `s${i + 1}`, ops })),
        ...shutdowns.map((via, i): ActorSpec => ({ kind: 'shutdown', name: `sd${i + 1}`, via })),
      ];
      return { actors };
    });
}

function faultArbitrary(b: ScenarioBounds): fc.Arbitrary<Fault> {
  // Indices sized to the runs: a run makes a handful of writes and fsyncs, some tens of operations.
  const write = fc.nat({ max: 5 });
  const keep = fc.nat({ max: 999 });
  const byKind: Record<FaultKind, fc.Arbitrary<Fault>> = {
    enospc: write.map((w): Fault => ({ kind: 'enospc', write: w })),
    'eio-write': write.map((w): Fault => ({ kind: 'eio-write', write: w })),
    'torn-write': fc.record({ write, keep }).map((r): Fault => ({ kind: 'torn-write', ...r })),
    'short-write': fc.record({ write, keep }).map((r): Fault => ({ kind: 'short-write', ...r })),
    'fsync-fail': fc
      .record({ sync: fc.nat({ max: 3 }), pages: fc.constantFrom<'dropped' | 'kept'>('dropped', 'kept') })
      .map((r): Fault => ({ kind: 'fsync-fail', ...r })),
    latency: fc.record({ op: fc.nat({ max: 20 }), ms: fc.integer({ min: 1, max: 500 }) }).map((r): Fault => ({ kind: 'latency', ...r })),
    crash: fc.record({ step: fc.nat({ max: b.crashHorizon }), keep }).map((r): Fault => ({ kind: 'crash', ...r })),
    // Right after the acknowledgement most of the time: that is where a lie about durability shows.
    'crash-after-ack': fc
      .record({ ack: fc.nat({ max: MAX_CRASH_ACK }), after: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, fc.nat({ max: MAX_CRASH_DELAY })), keep })
      .map((r): Fault => ({ kind: 'crash-after-ack', ...r })),
  };
  return fc.oneof(...b.faultKinds.map((k) => byKind[k]));
}

function crashArbitrary(b: ScenarioBounds): fc.Arbitrary<Fault> {
  return faultArbitrary({ ...b, faultKinds: ['crash', 'crash-after-ack'] });
}

export function faultPlanArbitrary(b: ScenarioBounds): fc.Arbitrary<FaultPlan> {
  const others = b.faultKinds.length === 0 || b.maxFaults === 0 ? fc.constant<Fault[]>([]) : fc.array(faultArbitrary(b), { minLength: Math.min(b.minFaults, b.maxFaults), maxLength: b.maxFaults });
  if (!b.crashEveryRun) return others.map((faults) => ({ faults }));
  // The crash last: the first matching fault wins, and I/O faults are indexed by operation, so order only matters among crashes.
  return fc.tuple(others, crashArbitrary(b)).map(([faults, crash]) => ({ faults: [...faults, crash] }));
}

export function strategyArbitrary(b: ScenarioBounds): fc.Arbitrary<StrategySpec> {
  const random = fc.constant<StrategySpec>({ kind: 'random' });
  const pct = fc.integer({ min: 1, max: b.maxPctDepth }).map((depth): StrategySpec => ({ kind: 'pct', depth }));
  if (b.strategies.length === 0) throw new RangeError('ScenarioBounds.strategies is empty: a run needs a scheduling strategy');
  if (!b.strategies.includes('pct')) return random;
  if (!b.strategies.includes('random')) return pct;
  return fc.oneof(random, pct);
}

export function scenarioArbitrary(bounds: Partial<ScenarioBounds> = {}): fc.Arbitrary<Scenario> {
  const b = { ...DEFAULT_BOUNDS, ...bounds };
  if (b.swarmPerMille <= 0) return scenarioUnder(b);
  return fc.oneof(
    { weight: 1000 - Math.min(1000, b.swarmPerMille), arbitrary: scenarioUnder(b) },
    { weight: Math.min(1000, b.swarmPerMille), arbitrary: swarmConfigurationArbitrary(b).chain((c) => scenarioUnder(narrowBounds(b, c))) },
  );
}

function scenarioUnder(b: ScenarioBounds): fc.Arbitrary<Scenario> {
  return fc
    .record({
      workload: workloadArbitrary(b),
      faults: faultPlanArbitrary(b),
      strategy: strategyArbitrary(b),
      tape: fc.array(fc.nat({ max: 1023 }), { maxLength: b.maxTapeLength }),
      idSeed: fc.nat(),
      startEpochMs: fc.nat({ max: 3 * 3600_000 }).map((ms) => BASE_EPOCH_MS + ms),
      utcOffsetMinutes: fc.constantFrom(0, -300, 60, 330),
    })
    .map((s) => {
      const sized = b.faultsSizedToRun ? { ...s, faults: sizeFaults(s.faults, s.workload) } : s;
      return sized.strategy.kind === 'pct' ? { ...sized, strategy: { ...sized.strategy, horizon: expectedSteps(sized.workload) } } : sized;
    });
}

/** The scenario a seed stands for: the first value fast-check draws with that seed. */
export function scenarioForSeed(seed: number, bounds: Partial<ScenarioBounds> = {}): Scenario {
  return fc.sample(scenarioArbitrary(bounds), { seed, numRuns: 1 })[0];
}
