// Swarm testing (Groce, Zhang, Eide, Chen and Regehr, ISSTA 2012): rather than every run
// drawing from every kind of call and fault, a swarm run first draws a configuration -- a
// random subset of the features -- and then draws its scenario from that subset alone.
// Runs then go deep into a few features: three failed fsyncs and no ENOSPC, appends and
// flushes with no persist. A feature that suppresses a bug (a flush that writes out the
// tail a shutdown forgets; a short write that hides a torn one) is left out of half the
// runs, and the features that trigger it come in concentrated.
//
// The configuration narrows ScenarioBounds and is not itself part of the scenario: the
// scenario drawn under it says everything a replay needs.
import fc from 'fast-check';
import type { FaultKind } from './fault-plan';
import type { ScenarioBounds } from './scenario-arbitrary';

/** A swarm run draws up to this many times the profile's most faults, of its fewer kinds. */
const SWARM_FAULT_FACTOR = 2;

/** The features one swarm run keeps. */
export interface SwarmConfiguration {
  /** Fault kinds the run may draw: a subset of the profile's (possibly none). */
  faultKinds: readonly FaultKind[];
  flushes: boolean;
  persists: boolean;
  bursts: boolean;
  /** Several shutdown callers, or one. */
  concurrentShutdowns: boolean;
  /** Only where the writer asks for them (see WorkloadBounds). */
  callsFromCallbacks: boolean;
  payloads: boolean;
}

/** Each feature kept with probability one half, as in the paper; fault kinds each on their own. */
export function swarmConfigurationArbitrary(b: ScenarioBounds): fc.Arbitrary<SwarmConfiguration> {
  return fc.record({
    faultKinds: fc.subarray([...b.faultKinds]),
    flushes: fc.boolean(),
    persists: fc.boolean(),
    bursts: fc.boolean(),
    concurrentShutdowns: fc.boolean(),
    callsFromCallbacks: fc.boolean(),
    payloads: fc.boolean(),
  });
}

/** The bounds a swarm run draws from: the profile's, less every feature the configuration left out. */
export function narrowBounds(b: ScenarioBounds, c: SwarmConfiguration): ScenarioBounds {
  return {
    ...b,
    faultKinds: c.faultKinds,
    // Fewer kinds, more of them: a pair of faults that must meet (a short write, then a
    // torn one) is as likely among six faults of three kinds as it is rare among three of eight.
    minFaults: c.faultKinds.length > 0 ? Math.max(1, b.minFaults) : 0,
    maxFaults: c.faultKinds.length > 0 ? b.maxFaults * SWARM_FAULT_FACTOR : 0,
    flushWeight: c.flushes ? b.flushWeight : 0,
    persistWeight: c.persists ? b.persistWeight : 0,
    burstPerMille: c.bursts ? b.burstPerMille : 0,
    maxShutdownCallers: c.concurrentShutdowns ? b.maxShutdownCallers : 1,
    callsFromCallbacks: b.callsFromCallbacks && c.callsFromCallbacks,
    payloads: b.payloads && c.payloads,
  };
}
