// Writer timers in the simulator: a writer that flushes on a schedule runs as
// deterministically as any other, its timers show in the trace, and they fire only when
// the scheduler picks the clock.
import type { Env, FileHandle, FileSystem, TimerHandle } from '../env/env';
import type { Scenario } from './scenario';
import { scenarioForSeed } from './scenario-arbitrary';
import { SimClock } from './sim-clock';
import { simTimers, type TimerLogEntry } from './sim-timers';
import { simulate, type RunResult } from './simulation';
import type { TraceEntry } from './trace';
import type { ActorSpec } from './workload';
import type { CallOutcome, LogHandle, LogWriterFactory, ReadBack, SimItem } from './writer-contract';

const FLUSH_EVERY_MS = 100;

/**
 * Appends go to a buffer; a timer armed by the first unwritten append writes and fsyncs
 * the buffer 100 ms later. flush and shutdown write at once; shutdown clears the timer.
 * A failed write or fsync is sticky: every later barrier reports it.
 */
class ScheduledLog {
  private buffer: string[] = [];
  private timer: TimerHandle | undefined;
  private closed = false;
  private error: string | undefined;
  private work: Promise<void> = Promise.resolve();

  constructor(
    private readonly env: Env,
    private readonly file: FileHandle,
    readonly path: string,
  ) {}

  append(items: readonly SimItem[]): CallOutcome {
    if (this.closed) return { status: 'closed' };
    const lines = items.filter((i) => i.durable).map((i) => JSON.stringify({ id: i.id }) + '\n');
    if (lines.length === 0) return { status: 'filtered' };
    this.buffer.push(...lines);
    this.timer ??= this.env.timers.setTimeout(() => {
      this.timer = undefined;
      void this.barrier();
    }, FLUSH_EVERY_MS);
    return { status: 'queued' };
  }

  /** Writes and fsyncs what is buffered, after any write already under way. */
  barrier(): Promise<CallOutcome> {
    const done = this.work.then(() => this.writeOut());
    this.work = done.then(() => undefined);
    return done;
  }

  async shutdown(): Promise<CallOutcome> {
    if (this.closed) return this.barrier();
    this.closed = true;
    if (this.timer) this.env.timers.clearTimeout(this.timer);
    this.timer = undefined;
    const outcome = await this.barrier();
    await this.file.close().catch(() => undefined);
    return outcome;
  }

  private async writeOut(): Promise<CallOutcome> {
    let bytes = Buffer.from(this.buffer.splice(0).join(''));
    try {
      while (bytes.length > 0) bytes = bytes.subarray((await this.file.write(bytes)).bytesWritten);
      await this.file.sync();
    } catch (err) {
      this.error ??= err instanceof Error ? err.message : String(err);
    }
    return this.error === undefined ? { status: 'ok' } : { status: 'failed', message: this.error };
  }
}

function handleOf(log: ScheduledLog): LogHandle {
  return {
    clone: () => handleOf(log),
    append: async (items) => log.append(items),
    persist: () => log.barrier(),
    flush: () => log.barrier(),
    shutdown: () => log.shutdown(),
  };
}

async function readScheduledLog(fs: FileSystem, path: string): Promise<ReadBack> {
  const text = await fs.readFile(path).catch(() => undefined);
  if (text === undefined) return { present: false, reason: `${path} does not exist` };
  const lines = text.split('\n');
  const torn = lines.pop() ?? '';
  const parsed = lines.map((line) => {
    try {
      return JSON.parse(line) as { meta?: true; id?: string };
    } catch {
      return undefined;
    }
  });
  if (!parsed.some((p) => p?.meta)) return { present: false, reason: `${path} has no complete metadata line` };
  const reportedLines = parsed.flatMap((p, i) => (p === undefined || (p.meta === undefined && p.id === undefined) ? [i + 1] : []));
  if (torn !== '') reportedLines.push(lines.length + 1);
  return {
    present: true,
    itemIds: parsed.flatMap((p) => (p?.id === undefined ? [] : [p.id])),
    metaFirst: parsed[0]?.meta === true && parsed.filter((p) => p?.meta).length === 1,
    reportedLines,
    endsWithNewline: text.endsWith('\n'),
  };
}

const scheduledFlushWriter: LogWriterFactory = {
  name: 'scheduled-flush',
  async open(env, home) {
    const path = `${home}/scheduled.jsonl`;
    await env.fs.mkdir(home, { recursive: true });
    const file = await env.fs.open(path, 'a', 0o600);
    await file.write(Buffer.from(JSON.stringify({ meta: true }) + '\n'));
    return { handle: handleOf(new ScheduledLog(env, file, path)), path };
  },
  readBack: readScheduledLog,
};

function scenario(actors: ActorSpec[], tape: number[] = []): Scenario {
  return {
    workload: { actors },
    faults: { faults: [] },
    strategy: { kind: 'random' },
    tape,
    idSeed: 3,
    startEpochMs: Date.UTC(2026, 0, 2, 3, 4, 5),
    utcOffsetMinutes: 0,
  };
}

type TimerEntry = Extract<TraceEntry, { kind: 'timer' }>;
const timerEntries = (run: RunResult, action: TimerEntry['action']) =>
  run.trace.entries.filter((e): e is TimerEntry => e.kind === 'timer' && e.action === action);

describe('a writer that flushes on a schedule, in the simulator', () => {
  // No shutdown: only the timer writes the items out, so it must fire for the run to end.
  const appenders = scenario(
    [
      { kind: 'handle', name: 'h1', ops: [{ kind: 'append', durable: 2, transient: 0 }, { kind: 'append', durable: 1, transient: 1 }] },
      { kind: 'handle', name: 'h2', ops: [{ kind: 'append', durable: 3, transient: 0 }] },
    ],
    [2, 0, 3, 1, 2, 2, 0, 1, 3, 0, 2],
  );

  test('the same scenario gives the same trace and hash twice, and the timer wrote every item', async () => {
    const first = await simulate(scheduledFlushWriter, appenders);
    const second = await simulate(scheduledFlushWriter, appenders);
    expect(first.end).toEqual({ kind: 'completed' });
    expect(second.trace.toJsonLines()).toBe(first.trace.toJsonLines());
    expect(second.hash).toBe(first.hash);
    expect(first.readBack).toMatchObject({ present: true, itemIds: expect.arrayContaining(['h1.0', 'h1.1', 'h1.2', 'h2.0', 'h2.1', 'h2.2']) });
    const writes = first.trace.entries.filter((e) => e.kind === 'fs' && e.op === 'write' && e.source === 'timer');
    expect(writes.length).toBeGreaterThan(0);
  });

  test('its timers are in the trace, set by the actor that armed them, and fire only when the scheduler picks the clock', async () => {
    const run = await simulate(scheduledFlushWriter, appenders);
    const sets = timerEntries(run, 'set');
    const fires = timerEntries(run, 'fire');
    expect(sets.length).toBeGreaterThan(0);
    expect(sets.every((e) => e.ms === FLUSH_EVERY_MS && (e.source === 'h1' || e.source === 'h2'))).toBe(true);
    expect(fires.map((e) => e.timer).sort()).toEqual(sets.map((e) => e.timer).sort());
    for (const fire of fires) {
      const choice = run.trace.entries.find((e) => e.kind === 'choice' && e.step === fire.step);
      expect(choice).toMatchObject({ picked: 'clock' });
      const set = sets.find((s) => s.timer === fire.timer)!;
      expect(fire.t - set.t).toBeGreaterThanOrEqual(FLUSH_EVERY_MS);
    }
    expect(run.trace.toText()).toMatch(/timer 1 \(set by h\d\) fires/);
  });

  test('drawn scenarios (faults, crashes, PCT) replay to the same hash, with and without shutdown callers', async () => {
    let fired = 0;
    for (let seed = 0; seed < 30; seed++) {
      const drawn = scenarioForSeed(seed, { sessions: false });
      // Without its shutdown callers a run ends only once the timer has written the buffer out.
      const noShutdown = { ...drawn, workload: { actors: drawn.workload.actors.filter((a) => a.kind !== 'shutdown') } };
      for (const s of [drawn, noShutdown]) {
        const [a, b] = [await simulate(scheduledFlushWriter, s), await simulate(scheduledFlushWriter, s)];
        expect(`${seed} ${b.hash}`).toBe(`${seed} ${a.hash}`);
        if (timerEntries(a, 'fire').length > 0) fired++;
      }
    }
    expect(fired).toBeGreaterThan(20);
  });

  test('a timer cleared at shutdown never fires and does not keep the run going', async () => {
    const run = await simulate(
      scheduledFlushWriter,
      scenario([
        { kind: 'handle', name: 'h1', ops: [{ kind: 'append', durable: 2, transient: 0 }] },
        { kind: 'shutdown', name: 'sd1', via: 'handle' },
      ]),
    );
    expect(run.end).toEqual({ kind: 'completed' });
    expect(timerEntries(run, 'set').map((e) => e.timer)).toEqual([1]);
    expect(timerEntries(run, 'clear')).toEqual([expect.objectContaining({ timer: 1, source: 'sd1' })]);
    expect(timerEntries(run, 'fire')).toEqual([]);
    expect(run.readBack).toMatchObject({ present: true, itemIds: ['h1.0', 'h1.1'] });
  });

  test('a timer callback that throws ends the run with an error naming the timer and who set it', async () => {
    const throwing: LogWriterFactory = {
      ...scheduledFlushWriter,
      name: 'throwing-timer',
      async open(env, home) {
        env.timers.setTimeout(() => {
          throw new Error('flush thread died');
        }, 5);
        return scheduledFlushWriter.open(env, home);
      },
    };
    const run = await simulate(throwing, scenario([{ kind: 'handle', name: 'h1', ops: [{ kind: 'flush' }] }]));
    expect(run.end).toEqual({ kind: 'writer-error', during: 'timer', message: "the writer's timer 1 (set by writer) threw: flush thread died" });
  });
});

describe('SimClock writer timers', () => {
  const start = Date.UTC(2026, 0, 1);

  test('time passing makes a timer due; only advanceToNextTimer runs it, oldest due first', () => {
    const clock = new SimClock(start, 0);
    const ran: string[] = [];
    clock.setTimeout(() => ran.push(`b@${clock.now() - start}`), 20);
    clock.setTimeout(() => ran.push(`a@${clock.now() - start}`), 10);
    clock.tick(30);
    expect(ran).toEqual([]);
    expect(clock.pendingTimers).toBe(2);
    clock.advanceToNextTimer();
    clock.advanceToNextTimer();
    expect(ran).toEqual(['a@30', 'b@30']);
    expect(clock.pendingTimers).toBe(0);
  });

  test('with nothing due, the clock event jumps to the next timer and runs it', () => {
    const clock = new SimClock(start, 0);
    const ran: number[] = [];
    clock.setTimeout(() => ran.push(clock.now() - start), 250);
    clock.advanceToNextTimer();
    expect(ran).toEqual([250]);
  });

  test('clearTimeout cancels a timer, pending or already due, and says whether it did', () => {
    const clock = new SimClock(start, 0);
    const ran: string[] = [];
    const early = clock.setTimeout(() => ran.push('early'), 5);
    const late = clock.setTimeout(() => ran.push('late'), 500);
    clock.tick(10);
    expect(clock.clearTimeout(early)).toBe(true);
    expect(clock.clearTimeout(late)).toBe(true);
    expect(clock.clearTimeout(late)).toBe(false);
    expect(clock.pendingTimers).toBe(0);
    clock.tick(1000);
    expect(ran).toEqual([]);
  });

  test("the Env's sleep resolves at the clock pick after its time, and is traced like any timer", async () => {
    const clock = new SimClock(start, 0);
    const log: TimerLogEntry[] = [];
    let woke = false;
    void simTimers(clock, (e) => log.push(e))
      .sleep(40)
      .then(() => (woke = true));
    clock.tick(100);
    await null;
    expect(woke).toBe(false);
    clock.advanceToNextTimer();
    await null;
    expect(woke).toBe(true);
    expect(log).toEqual([
      { action: 'set', timer: 1, source: 'harness', ms: 40 },
      { action: 'fire', timer: 1, source: 'harness' },
    ]);
  });
});
