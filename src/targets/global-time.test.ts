// A package's global timers and Date, inside a run: Date reads the run's clock, a
// setTimeout fires only at a `clock` pick, and everything real is back after the run.
import { singleHandleScenario } from '../sim/scenario';
import { simulate } from '../sim/simulation';
import type { LogHandle, LogWriterFactory, ReadBack } from '../sim/writer-contract';
import { installGlobalTime } from './global-time';

const EMPTY: ReadBack = { present: true, itemIds: [], metaFirst: true, reportedLines: [], endsWithNewline: true };

/** A writer that stamps appends with `Date.now()` and answers its flush from a global setTimeout. */
function timedWriter(seen: { stamps: number[]; flushedAt: number[] }): LogWriterFactory {
  return {
    name: 'global-time',
    bindWorld: installGlobalTime,
    async open(_env, home) {
      const handle: LogHandle = {
        clone: () => handle,
        append: async () => {
          seen.stamps.push(Date.now());
          return { status: 'queued' };
        },
        persist: async () => ({ status: 'ok' }),
        flush: () =>
          new Promise((resolve) =>
            setTimeout(() => {
              seen.flushedAt.push(new Date().getTime());
              resolve({ status: 'ok' });
            }, 50),
          ),
        shutdown: async () => ({ status: 'ok' }),
      };
      return { handle, path: `${home}/log` };
    },
    readBack: async () => EMPTY,
  };
}

test('Date reads the run clock and a global setTimeout fires at a clock pick; the real ones are back afterwards', async () => {
  const realSetTimeout = globalThis.setTimeout;
  const realDate = Date;
  const timersModule = jest.requireActual<Record<string, unknown>>('node:timers');
  const realModuleSetTimeout = timersModule.setTimeout;
  const seen = { stamps: [] as number[], flushedAt: [] as number[] };
  const scenario = singleHandleScenario([{ kind: 'append', durable: 1, transient: 0 }, { kind: 'flush' }]);
  const r = await simulate(timedWriter(seen), scenario);
  expect(r.end).toEqual({ kind: 'completed' });
  expect(seen.stamps).toEqual([scenario.startEpochMs]);
  expect(seen.flushedAt).toHaveLength(1);
  expect(seen.flushedAt[0] - scenario.startEpochMs).toBeGreaterThanOrEqual(50);
  // The timer was the scheduler's: set, then fired on a `clock` pick.
  expect(r.trace.entries.filter((e) => e.kind === 'timer').map((e) => (e as { action: string }).action)).toEqual(['set', 'fire']);
  expect(r.trace.entries.some((e) => e.kind === 'choice' && e.picked === 'clock')).toBe(true);
  expect(globalThis.setTimeout).toBe(realSetTimeout);
  expect(Date).toBe(realDate);
  expect(timersModule.setTimeout).toBe(realModuleSetTimeout);
  // One scenario, one trace.
  const again = await simulate(timedWriter({ stamps: [], flushedAt: [] }), scenario);
  expect(again.hash).toBe(r.hash);
});
