// Scheduling strategies: random walk, PCT and replay, interchangeable behind one
// interface (as shuttle's Scheduler trait). At each step the simulation hands the enabled
// events in canonical order (oldest first); a strategy returns the index to run.
import type { ChoiceTape } from './choice-tape';

export interface EnabledEvent {
  /** Stable identity of the event within a run, e.g. `io:7`, `start:h1#0`, `resume:3`, `clock`. */
  readonly key: string;
  /** Who the event belongs to (an actor, `writer`, `clock`): PCT's unit of priority. */
  readonly source: string;
}

export interface SchedulingStrategy {
  readonly name: string;
  pick(enabled: readonly EnabledEvent[], step: number): number;
}

/**
 * `pct`'s change points fall below `horizon` steps: the run's expected length, from its
 * workload (expectedSteps), so that a depth-d schedule really makes d-1 priority changes
 * within the run. A scenario saved before the horizon existed has none and draws them below
 * the step limit, as it did then -- so it replays the same schedule.
 */
export type StrategySpec = { kind: 'random' } | { kind: 'pct'; depth: number; horizon?: number } | { kind: 'replay'; keys: readonly string[] };
/** The strategies a generated run may use (replay only re-runs a recorded schedule). */
export type StrategyKind = 'random' | 'pct';

/** Each choice straight off the tape: shrinking the tape shrinks the schedule toward FIFO. */
export class RandomWalkStrategy implements SchedulingStrategy {
  readonly name = 'random';
  constructor(private readonly tape: ChoiceTape) {}
  pick(enabled: readonly EnabledEvent[]): number {
    return this.tape.draw(enabled.length);
  }
}

/** Priority levels drawn for sources; wide enough that ties (broken by first sight) are rare. */
const PCT_PRIORITY_LEVELS = 1 << 16;

/**
 * Probabilistic Concurrency Testing (Burckhardt et al., ASPLOS 2010): every source gets a
 * random priority when first seen, the highest-priority enabled event runs, and at d-1
 * change points drawn up front the running source drops below all others. Bugs of depth
 * d are found with probability at least 1/(n * k^(d-1)).
 */
export class PctStrategy implements SchedulingStrategy {
  readonly name: string;
  private readonly priorities = new Map<string, number>();
  private readonly changePoints: Map<number, number>;

  constructor(
    private readonly tape: ChoiceTape,
    depth: number,
    horizon: number,
  ) {
    if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`PCT depth must be a positive integer, got ${depth}`);
    this.name = `pct(d=${depth})`;
    this.changePoints = new Map();
    for (let i = 1; i < depth; i++) this.changePoints.set(tape.draw(horizon), depth - i);
  }

  pick(enabled: readonly EnabledEvent[], step: number): number {
    let best = 0;
    let bestPriority = -Infinity;
    enabled.forEach((event, index) => {
      const p = this.priorityOf(event.source);
      if (p > bestPriority) {
        best = index;
        bestPriority = p;
      }
    });
    const lowered = this.changePoints.get(step);
    if (lowered !== undefined) this.priorities.set(enabled[best].source, lowered - PCT_PRIORITY_LEVELS * 2);
    return best;
  }

  private priorityOf(source: string): number {
    let p = this.priorities.get(source);
    if (p === undefined) {
      // Distinct priorities: a later source with the same draw sits just below the earlier one.
      p = this.tape.draw(PCT_PRIORITY_LEVELS) - this.priorities.size / (this.priorities.size + 1);
      this.priorities.set(source, p);
    }
    return p;
  }
}

export class ReplayDivergenceError extends Error {
  override name = 'ReplayDivergenceError';
  constructor(step: number, expected: string, enabled: readonly EnabledEvent[]) {
    super(`replay diverged at step ${step}: the recorded choice ${expected} is not enabled; enabled: ${enabled.map((e) => e.key).join(', ')}`);
  }
}

/** Replays a recorded list of event keys; after the list, the default (oldest) event. */
export class ReplayStrategy implements SchedulingStrategy {
  readonly name = 'replay';
  constructor(private readonly keys: readonly string[]) {}
  pick(enabled: readonly EnabledEvent[], step: number): number {
    if (step >= this.keys.length) return 0;
    const index = enabled.findIndex((e) => e.key === this.keys[step]);
    if (index < 0) throw new ReplayDivergenceError(step, this.keys[step], enabled);
    return index;
  }
}

export function strategyFor(spec: StrategySpec, tape: ChoiceTape, maxSteps: number): SchedulingStrategy {
  switch (spec.kind) {
    case 'random':
      return new RandomWalkStrategy(tape);
    case 'pct':
      return new PctStrategy(tape, spec.depth, Math.min(spec.horizon ?? maxSteps, maxSteps));
    case 'replay':
      return new ReplayStrategy(spec.keys);
  }
}
