// Settling between steps: the simulator lets the system under test run until it is quiet
// before it picks the next event, so the only order that matters is the scheduler's.
// Quiet means `quiet` microtask turns in a row with no new activity (file-system calls,
// trace entries, promises the system under test made); and then, if it queued
// `process.nextTick` callbacks meanwhile -- Node streams do -- a real macrotask turn to
// run them, and settle again. Both loops are bounded: a writer that never settles is a
// microtask storm, its own failure.
import { nextMacrotask } from '../env/macrotask';
import { ticksQueuedBySources } from './actor-context';
import { WriterFailure } from './writer-failure';

export class Settler {
  /** nextTick callbacks queued by the system under test up to the last macrotask turn given them. */
  private ticksRun = ticksQueuedBySources();

  constructor(
    /** Grows with every sign of progress. */
    private readonly activity: () => number,
    private readonly maxTurns: number,
  ) {}

  async settle(quiet: number): Promise<void> {
    for (let round = 0; ; round++) {
      await this.settleMicrotasks(quiet);
      const ticks = ticksQueuedBySources();
      if (ticks === this.ticksRun) return;
      if (round >= this.maxTurns) {
        throw new WriterFailure('microtasks', `the system under test kept queueing process.nextTick callbacks for ${round} event-loop turns without settling`);
      }
      this.ticksRun = ticks;
      await nextMacrotask();
    }
  }

  private async settleMicrotasks(quiet: number): Promise<void> {
    let idle = 0;
    for (let turns = 0; idle < quiet; turns++) {
      if (turns >= this.maxTurns) {
        throw new WriterFailure('microtasks', `the system under test kept scheduling microtasks for ${turns} turns without settling (a microtask storm)`);
      }
      const before = this.activity();
      await null;
      idle = this.activity() === before ? idle + 1 : 0;
    }
  }
}
