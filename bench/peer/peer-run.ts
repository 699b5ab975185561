// One run of the peer: a workload's actors calling a writer over memfs, ordered by
// fast-check's `fc.scheduler()` instead of rollout-sim's simulator. Each actor is plain
// async code -- it waits for the scheduler to let its next call start, makes the call,
// awaits it -- and the writer's file operations, preemption points and timers are
// scheduled tasks (scheduled-env.ts). The run is driven with `s.waitIdle()`, as
// fast-check's docs drive a scheduled test, and summed up as a RunResult, so the
// project's own invariants (src/invariants) judge it exactly as they judge a simulated run.
//
// What the peer does not have: faults and crashes (memfs never fails, and nothing cuts the
// file back), a page cache (a write is visible, and counts as durable, the moment memfs
// takes it: an acknowledgement is judged against the file as readers saw it), a trace
// (fast-check's `s.report()` is the schedule; the RunResult's trace is empty and its hash
// ''), a guard against microtask storms, and a guard against the real disk.
import type fc from 'fast-check';
import { nextMacrotask } from '../../src/env/macrotask';
import { readBackImages, type Reading } from '../../src/sim/ack-snapshots';
import { noFaultsFired } from '../../src/sim/fault-plan';
import { fileFacts } from '../../src/sim/file-facts';
import { boundedReadBack } from '../../src/sim/read-back';
import type { CallRecord, ObservedOutcome, RunEnd, RunResult } from '../../src/sim/run-result';
import { DEFAULT_LIMITS, type Scenario } from '../../src/sim/scenario';
import { BASE_EPOCH_MS } from '../../src/sim/scenario-arbitrary';
import { SIM_HOME } from '../../src/sim/simulation';
import { Trace } from '../../src/sim/trace';
import { callWriter, plannedSteps, promisesDurability, usesHandle, usesSession, type ActorSpec, type PlannedCall, type Workload } from '../../src/sim/workload';
import { checkWriter, notAnOutcome, type LogHandle, type LogWriter, type LogWriterFactory, type ReadBack } from '../../src/sim/writer-contract';
import { errorMessage } from '../../src/sim/writer-failure';
import { scheduledWorld, type ScheduledWorld } from './scheduled-env';

export interface PeerOptions {
  /** Scheduler releases before the run is cut off as runaway (the simulator's maxSteps). */
  maxSteps?: number;
  /** The clock's start; the simulator's base epoch (BASE_EPOCH_MS, 2026-03-08T01:59:00Z) if absent. */
  epochMs?: number;
  utcOffsetMinutes?: number;
}

export class PeerUnsupportedWriterError extends Error {
  override name = 'PeerUnsupportedWriterError';
  constructor(writer: string) {
    super(`the peer cannot drive ${writer}: it reaches past its env (bindWorld), and fc.scheduler() has no simulated node:fs to bind it to`);
  }
}

interface PeerActor {
  readonly name: string;
  readonly groups: PlannedCall[][];
  readonly handle?: LogHandle;
  done: boolean;
  inFlight: number;
}

/** A contract breach seen in an answer; the run ends as a contract error once it is idle. */
class Breach {
  constructor(readonly message: string) {}
}

class PeerRun {
  readonly calls: CallRecord[] = [];
  private readonly actors: PeerActor[] = [];
  private breach: Breach | undefined;
  private readonly acked = new Map<CallRecord, Buffer>();

  constructor(
    private readonly factory: LogWriterFactory,
    private readonly s: fc.Scheduler,
    private readonly world: ScheduledWorld,
  ) {}

  /** Releases scheduled tasks until `until()` holds or nothing is left that could make it hold. */
  async drive(until: () => boolean): Promise<void> {
    for (;;) {
      await this.s.waitIdle();
      if (until()) return;
      // waitIdle gives up after 50 quiet microtask turns; a writer still busy without I/O
      // (draining a queue in memory) may schedule more. One macrotask turn lets it finish.
      await nextMacrotask();
      if (this.s.count() === 0) return;
    }
  }

  async open(workload: Workload): Promise<LogWriter | RunEnd> {
    let opened: { writer: LogWriter } | { error: unknown } | undefined;
    try {
      this.factory.open(this.world.env, SIM_HOME).then(
        (writer) => (opened = { writer }),
        (error: unknown) => (opened = { error }),
      );
    } catch (error) {
      opened = { error };
    }
    await this.drive(() => opened !== undefined);
    if (opened === undefined) return { kind: 'writer-error', during: 'open', message: `${this.factory.name}: open() never resolved` };
    if ('error' in opened) return { kind: 'writer-error', during: 'open', message: `${this.factory.name}: open() threw: ${errorMessage(opened.error)}` };
    try {
      checkWriter(this.factory.name, opened.writer, usesSession(workload));
    } catch (err) {
      return { kind: 'contract-error', message: errorMessage(err) };
    }
    return opened.writer;
  }

  async runActors(writer: LogWriter, workload: Workload): Promise<RunEnd> {
    try {
      for (const spec of workload.actors) this.actors.push(this.actorOf(spec, writer));
    } catch (err) {
      return { kind: 'writer-error', during: 'clone', message: `${this.factory.name}: clone() threw: ${errorMessage(err)}` };
    }
    for (const actor of this.actors) void this.play(actor, writer);
    const allDone = () => this.breach !== undefined || this.actors.every((a) => a.done);
    await this.drive(allDone);
    if (this.breach) return { kind: 'contract-error', message: this.breach.message };
    if (this.actors.every((a) => a.done)) return { kind: 'completed' };
    if (this.world.steps.exhausted) return { kind: 'step-budget', limit: this.world.steps.limit };
    return { kind: 'liveness', blocked: this.actors.filter((a) => !a.done).map((a) => `${a.name} in ${a.inFlight} call(s)`) };
  }

  private actorOf(spec: ActorSpec, writer: LogWriter): PeerActor {
    return { name: spec.name, groups: plannedSteps(spec), handle: usesHandle(spec) ? writer.handle.clone() : undefined, done: false, inFlight: 0 };
  }

  /** The actor as plain async code: wait to be let start, start the op's calls together, await them all. */
  private async play(actor: PeerActor, writer: LogWriter): Promise<void> {
    for (const group of actor.groups) {
      // A call made from inside the previous one's acknowledgement starts at once.
      if (!group[0].fromCallback) await this.s.schedule(Promise.resolve(), `${actor.name} starts ${group[0].op}`, undefined, this.world.steps.act);
      await Promise.all(group.map((planned) => this.call(actor, planned, writer)));
    }
    actor.done = true;
  }

  private async call(actor: PeerActor, planned: PlannedCall, writer: LogWriter): Promise<void> {
    const steps = this.world.steps;
    const record: CallRecord = { ...planned, startStep: steps.value };
    // A step of its own, so whatever settles after this start is numbered after it.
    steps.value++;
    this.calls.push(record);
    actor.inFlight++;
    let outcome: ObservedOutcome;
    try {
      outcome = await callWriter(planned, actor.handle, writer.session);
      const wrong = notAnOutcome(outcome);
      if (wrong) {
        this.breach ??= new Breach(`${this.factory.name} does not meet the writer contract: ${actor.name}'s ${planned.op} resolved ${wrong}`);
        return;
      }
    } catch (err) {
      outcome = { status: 'threw', message: errorMessage(err) };
    }
    actor.inFlight--;
    record.settledStep = steps.value;
    record.outcome = outcome;
    if (outcome.status === 'ok' && promisesDurability(planned) && this.world.volume.existsSync(writer.path)) {
      // The file as readers see it now: the peer's memfs has no page cache, so this is also what it counts as durable.
      this.acked.set(record, this.world.volume.readFileSync(writer.path) as Buffer);
    }
  }

  /** Each acknowledged call's copy of the file, read back with the writer's reader (one reading per distinct copy). */
  async readAcks(path: string, final: Reading | undefined): Promise<void> {
    await readBackImages(this.factory, this.acked, path, final);
    // An ack given before the file existed saw no file.
    for (const record of this.calls) {
      if (record.outcome?.status === 'ok' && promisesDurability(record) && !this.acked.has(record)) {
        record.fileAtAck = { present: false, reason: 'no file yet when the acknowledgement was given' };
      }
    }
  }
}

/**
 * Runs `workload` against a writer under fast-check's scheduler `s` and sums it up as a
 * RunResult for the invariants. Its `scenario` only names the workload, with no faults:
 * the schedule is the scheduler's, not a strategy's or a tape's.
 */
export async function peerRun(factory: LogWriterFactory, workload: Workload, s: fc.Scheduler, options: PeerOptions = {}): Promise<RunResult> {
  if (factory.bindWorld) throw new PeerUnsupportedWriterError(factory.name);
  const epochMs = options.epochMs ?? BASE_EPOCH_MS;
  const utcOffsetMinutes = options.utcOffsetMinutes ?? 0;
  const world = scheduledWorld(s, { epochMs, utcOffsetMinutes, maxSteps: options.maxSteps ?? DEFAULT_LIMITS.maxSteps });
  const run = new PeerRun(factory, s, world);
  const scenario: Scenario = { workload, faults: { faults: [] }, strategy: { kind: 'random' }, tape: [], idSeed: 0, startEpochMs: epochMs, utcOffsetMinutes };
  const opened = await run.open(workload);
  let end: RunEnd = 'kind' in opened ? opened : await run.runActors(opened, workload);
  const writer = 'kind' in opened ? undefined : opened;

  let readBack: ReadBack = { present: false, reason: 'the writer never opened' };
  let file: RunResult['file'];
  if (writer) {
    const read = await boundedReadBack(factory, world.plainFs, writer.path);
    readBack = read.readBack;
    if (read.failure && (end.kind === 'completed' || end.kind === 'crashed')) end = { kind: 'writer-error', during: 'readBack', message: read.failure.message };
    const exists = world.volume.existsSync(writer.path);
    const bytes = exists ? (world.volume.readFileSync(writer.path) as Buffer) : undefined;
    if (!read.failure) await run.readAcks(writer.path, bytes ? { bytes, readBack } : undefined);
    if (bytes) file = fileFacts(bytes);
  }
  return {
    writer: factory.name,
    acknowledges: factory.acknowledges ?? 'durable',
    scenario,
    end,
    calls: run.calls,
    steps: world.steps.value,
    trace: new Trace(),
    hash: '',
    path: writer?.path,
    readBack,
    ...(file ? { file } : {}),
    faultsFired: noFaultsFired(),
  };
}
