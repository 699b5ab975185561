// One simulated run: builds the world (memfs + page cache, fake clock, seeded ids,
// preemption points), opens the writer under test, and then, step by step, lets the
// strategy pick one enabled event -- start an actor's next call, resume a parked caller,
// complete a pending file operation, or advance the clock -- until every actor is done,
// a crash fires, or a limit is hit. Between steps it lets microtasks settle, so the only
// order that matters is the one the scheduler chose.
import { Volume } from 'memfs';
import type { Env } from '../env/env';
import { volumeFileSystem } from '../env/memory-env';
import { guardRealDisk } from '../env/real-disk-guard';
import { countPromisesWhileRunning, currentSource, promisesCreatedBySources, runAs } from './actor-context';
import { Settler } from './settler';
import { holdHostIds } from './host-ids';
import { PreemptionPoints } from './preemption-points';
import { ChoiceTape } from './choice-tape';
import { FaultInjector } from './fault-plan';
import { PageCache } from './page-cache';
import { fileStates, writerFileFacts } from './run-files';
import { describeBlocked, notYetSeenWaiting, startNextOp, type Actor, type CallSite } from './actor-calls';
import { AckSnapshots } from './ack-snapshots';
import { describeEnd, type CallRecord, type RunEnd, type RunResult } from './run-result';
import { DEFAULT_LIMITS, type Scenario, type SimLimits } from './scenario';
import { SeededIds } from './seeded-ids';
import { SimClock } from './sim-clock';
import { FsTrace, IN_FLIGHT_AT_END } from './fs-trace';
import { SimFileSystem } from './sim-fs';
import { simTimers } from './sim-timers';
import { strategyFor, type EnabledEvent } from './strategy';
import { Trace } from './trace';
import { plannedSteps, usesHandle, usesSession } from './workload';
import { boundedReadBack } from './read-back';
import { checkHandle, checkWriter, type LogHandle, type LogWriter, type LogWriterFactory, type ReadBack } from './writer-contract';
import { ContractBreach, endFor, errorMessage, WriterFailure } from './writer-failure';

export const SIM_HOME = '/home/agent';

/** Before declaring a liveness failure, settle this many times longer than between steps. */
const LIVENESS_SETTLE_FACTOR = 40;

export * from './run-result';
export { IN_FLIGHT_AT_CRASH, IN_FLIGHT_AT_END } from './fs-trace';

export async function simulate(factory: LogWriterFactory, scenario: Scenario, limits: SimLimits = DEFAULT_LIMITS): Promise<RunResult> {
  const releaseIds = holdHostIds();
  try {
    return await new Simulation(factory, scenario, limits).run();
  } finally {
    releaseIds();
  }
}

/** The simulation is the CallSite its actors' calls start from and settle in (see actor-calls.ts). */
class Simulation implements CallSite {
  step = 0;
  readonly trace = new Trace();
  private readonly volume = new Volume();
  private readonly cache = new PageCache(this.volume);
  private readonly clock: SimClock;
  private readonly faults: FaultInjector;
  private readonly fs: SimFileSystem;
  private readonly points = new PreemptionPoints((p) => this.trace.add({ step: this.step, t: this.t, kind: 'park', source: p.source, label: p.label }));
  private readonly fsTrace = new FsTrace(this.trace, this, () => this.ended);
  readonly calls: CallRecord[] = [];
  /** Steps at which durability acknowledgements (ok flushes and shutdowns) settled, in order. */
  readonly ackSteps: number[] = [];
  /** Appends seen waiting on the writer at a step boundary (see noteWaitingCallers). */
  private waitedCalls = 0;
  private readonly actors: Actor[] = [];
  session: LogWriter['session'];
  /** Set when the run has ended: from then on nothing the simulator schedules can wake the writer. */
  private ended = false;
  /** The first breach of the contract seen inside a callback (a bad answer, a real-disk call): the run stops at the next step boundary. */
  private breached: ContractBreach | undefined;
  /** The writer's file, once open() has named it. */
  private writerPath: string | undefined;
  /** The writer's file at each acknowledgement, read back after the run. */
  private readonly acks: AckSnapshots;
  /** Progress to wait out: every file-system call, park, completion and settled call, and every promise the system under test makes. */
  private readonly settler: Settler;

  constructor(
    private readonly factory: LogWriterFactory,
    private readonly scenario: Scenario,
    private readonly limits: SimLimits,
  ) {
    this.acks = new AckSnapshots(factory, this.cache);
    this.settler = new Settler(() => this.fs.submitted + this.trace.entries.length + promisesCreatedBySources(), limits.maxSettleTicks);
    this.clock = new SimClock(scenario.startEpochMs, scenario.utcOffsetMinutes);
    this.faults = new FaultInjector(scenario.faults, (fault, detail) => this.trace.add({ step: this.step, t: this.t, kind: 'fault', fault, detail }));
    this.fs = new SimFileSystem({
      volume: this.volume,
      cache: this.cache,
      faults: this.faults,
      clock: this.clock,
      maxCalls: limits.maxFsCalls,
      log: this.fsTrace,
    });
  }

  get t(): number {
    return this.clock.now() - this.scenario.startEpochMs;
  }

  async run(): Promise<RunResult> {
    const tape = new ChoiceTape(this.scenario.tape);
    const strategy = strategyFor(this.scenario.strategy, tape, this.limits.maxSteps);
    const timers = simTimers(this.clock, (entry) => this.trace.add({ step: this.step, t: this.t, kind: 'timer', ...entry }));
    const env: Env = { fs: this.fs, clock: this.clock, timers, ids: new SeededIds(this.scenario.idSeed), preemption: this.points };

    let end: RunEnd;
    let writer: LogWriter | undefined;
    const stopCounting = countPromisesWhileRunning();
    const unbindWorld = this.factory.bindWorld?.({ fs: this.fs, clock: this.clock, timers });
    const releaseDisk = guardRealDisk({
      insideSystemUnderTest: () => currentSource() !== 'harness',
      report: (touch) => this.breach(`it called node:fs ${touch.call}(${touch.target}) during the run; a writer must do all its I/O through env.fs`),
    });
    try {
      writer = await this.open(env, strategy);
      this.writerPath = this.fs.canonical(writer.path);
      this.buildActors(writer);
      end = await this.loop(strategy);
    } catch (err) {
      end = endFor(this.breached ?? err);
    } finally {
      stopCounting();
    }
    this.ended = true;
    this.fsTrace.unfinished(this.fs.pending, IN_FLIGHT_AT_END);
    this.trace.add({ step: this.step, t: this.t, kind: 'end', result: describeEnd(end) });
    for (const state of fileStates(this.volume, this.cache)) this.trace.add({ step: this.step, t: this.t, ...state });
    let readBack: ReadBack = { present: false, reason: 'the writer never opened' };
    let readFailure: Error | undefined;
    const path = this.writerPath;
    if (path !== undefined) ({ readBack, failure: readFailure } = await boundedReadBack(this.factory, volumeFileSystem(this.volume), path));
    // A reader that failed on the file would fail on every snapshot too (and one that hangs, slowly).
    if (!readFailure && path !== undefined) {
      const final = this.volume.existsSync(path) ? { bytes: this.cache.visibleImage(path), readBack } : undefined;
      await this.acks.readBack(path, final);
    }
    releaseDisk();
    unbindWorld?.();
    // A reader that broke, or a real-disk call after the last step, changes how a run that had ended well ended.
    const late = this.breached ?? readFailure;
    if (late && (end.kind === 'completed' || end.kind === 'crashed')) {
      end = endFor(late);
      this.trace.add({ step: this.step, t: this.t, kind: 'end', result: describeEnd(end) });
    }
    const file = path !== undefined ? writerFileFacts(this.volume, this.cache, path, end) : undefined;
    return {
      writer: this.factory.name,
      acknowledges: this.acks.level,
      scenario: this.scenario,
      end,
      calls: this.calls,
      steps: this.step,
      trace: this.trace,
      hash: this.trace.hash(),
      path,
      readBack,
      ...(file ? { file } : {}),
      faultsFired: { ...this.faults.fired },
      backpressure: { waitedCalls: this.waitedCalls },
    };
  }

  /** Opening is scheduled like everything else: a writer may do I/O before it hands back a handle. */
  private async open(env: Env, strategy: ReturnType<typeof strategyFor>): Promise<LogWriter> {
    let opened: { writer: LogWriter } | { error: unknown } | undefined;
    let opening: Promise<LogWriter>;
    try {
      opening = Promise.resolve(runAs('writer', () => this.factory.open(env, SIM_HOME)));
    } catch (err) {
      opening = Promise.reject(err);
    }
    opening.then(
      (writer) => (opened = { writer }),
      (error: unknown) => (opened = { error }),
    );
    while (opened === undefined) {
      await this.settle();
      if (this.breached) throw this.breached;
      if (opened) break;
      const enabled = this.enabledEvents();
      if (enabled.length === 0) throw new WriterFailure('open', `${this.factory.name}: open() never resolved and waits on nothing the simulator schedules`);
      if (this.step >= this.limits.maxSteps) throw new WriterFailure('open', `${this.factory.name}: open() took more than ${this.limits.maxSteps} steps`);
      this.advance(enabled, strategy);
    }
    if ('error' in opened) {
      if (opened.error instanceof ContractBreach) throw opened.error;
      throw new WriterFailure('open', `${this.factory.name}: open() threw: ${errorMessage(opened.error)}`);
    }
    checkWriter(this.factory.name, opened.writer, usesSession(this.scenario.workload));
    return opened.writer;
  }

  private buildActors(writer: LogWriter): void {
    for (const spec of this.scenario.workload.actors) {
      this.actors.push({
        name: spec.name,
        calls: plannedSteps(spec),
        next: 0,
        inFlight: new Set(),
        unseenAppends: new Set(),
        handle: usesHandle(spec) ? this.clone(writer.handle, spec.name) : undefined,
      });
    }
    this.session = writer.session;
  }

  private clone(handle: LogHandle, actor: string): LogHandle {
    let clone: unknown;
    try {
      clone = handle.clone();
    } catch (err) {
      throw new WriterFailure('clone', `${this.factory.name}: clone() for ${actor} threw: ${errorMessage(err)}`);
    }
    checkHandle(this.factory.name, clone);
    return clone;
  }

  acknowledged(record: CallRecord): void {
    if (this.writerPath !== undefined) this.acks.take(record, this.writerPath);
  }

  breach(what: string): void {
    this.breached ??= new ContractBreach(`${this.factory.name} does not meet the writer contract: ${what}`);
  }

  private async loop(strategy: ReturnType<typeof strategyFor>): Promise<RunEnd> {
    for (;;) {
      await this.settle();
      if (this.breached) throw this.breached;
      this.noteWaitingCallers();
      if (this.fs.budgetExceeded) return { kind: 'fs-budget', message: this.fs.budgetExceeded.message };
      const crash = this.faults.crashAt(this.step, this.ackSteps);
      if (crash) {
        this.faults.fire(crash);
        const files = this.cache.crash(crash.keep);
        this.fsTrace.crash(this.fs.pending, files);
        return { kind: 'crashed', beforeStep: this.step, files };
      }
      let enabled = this.enabledEvents();
      if (enabled.length === 0) {
        const done = () => this.actors.every((a) => a.inFlight.size === 0 && a.next >= a.calls.length);
        if (done()) return { kind: 'completed' };
        // Be sure nothing is still on its way before calling it a liveness failure.
        await this.settle(this.limits.quietTicks * LIVENESS_SETTLE_FACTOR);
        enabled = this.enabledEvents();
        if (enabled.length === 0) {
          // The last calls may have been answered in that longer settle (a queue drained with no I/O).
          if (done()) return { kind: 'completed' };
          return { kind: 'liveness', blocked: this.actors.filter((a) => a.inFlight.size > 0).map(describeBlocked) };
        }
      }
      if (this.step >= this.limits.maxSteps) return { kind: 'step-budget', limit: this.limits.maxSteps };
      this.advance(enabled, strategy);
    }
  }

  /** One step, in opening and after alike, so every choice has its own step number (replay and PCT key on it). */
  private advance(enabled: ReturnType<Simulation['enabledEvents']>, strategy: ReturnType<typeof strategyFor>): void {
    this.fire(enabled, strategy.pick(enabled, this.step));
    this.step++;
    this.clock.tick(1);
  }

  /** Enabled events in canonical order: parked callers, then file operations, then call starts, then the clock. */
  private enabledEvents(): Array<EnabledEvent & { fire(): void }> {
    const out: Array<EnabledEvent & { fire(): void }> = [];
    for (const p of this.points.parked) {
      out.push({ key: `resume:${p.id}`, source: p.source, fire: () => this.points.resume(p) });
    }
    for (const io of this.fs.pending) {
      if (io.ready) out.push({ key: `io:${io.id}`, source: io.source, fire: () => io.complete() });
    }
    for (const actor of this.actors) {
      if (actor.inFlight.size === 0 && actor.next < actor.calls.length) {
        out.push({ key: `start:${actor.name}#${actor.next}`, source: actor.name, fire: () => startNextOp(actor, this) });
      }
    }
    if (this.clock.pendingTimers > 0) out.push({ key: 'clock', source: 'clock', fire: () => this.clock.advanceToNextTimer() });
    return out;
  }

  private fire(enabled: ReturnType<Simulation['enabledEvents']>, index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= enabled.length) {
      throw new Error(`strategy picked ${index} of ${enabled.length} enabled events`);
    }
    const event = enabled[index];
    this.trace.add({ step: this.step, t: this.t, kind: 'choice', picked: event.key, index, of: enabled.length });
    event.fire();
  }

  /**
   * An append answers once the writer has taken its items. One still unanswered at a step
   * boundary -- a whole settle after it started -- while its actor has no file operation
   * and no preemption point of its own pending is waiting on the writer: for a bounded
   * queue, waiting for room. (Barriers wait on the writer's I/O by nature, and session
   * persists on the session's lock and preemption point, so neither is counted.)
   */
  private noteWaitingCallers(): void {
    for (const actor of this.actors) {
      if (actor.unseenAppends.size === 0) continue;
      if (this.points.holds(actor.name) || this.fs.pending.some((io) => io.source === actor.name)) continue;
      this.waitedCalls += notYetSeenWaiting(actor).length;
    }
  }

  /** Lets the system under test run until it is quiet (see settler.ts). */
  private settle(quiet = this.limits.quietTicks): Promise<void> {
    return this.settler.settle(quiet);
  }
}
