// Preemption points as the simulator sees them: a caller that reaches one parks there
// until the scheduler picks its `resume:<id>` event. In production the same points
// resolve at once (src/env/no-preemption.ts); here they are where another task may get in.
import type { Preemption } from '../env/env';
import { currentSource } from './actor-context';

export interface Parked {
  readonly id: number;
  readonly label: string;
  readonly source: string;
  readonly resume: () => void;
}

export class PreemptionPoints implements Preemption {
  /** Parked callers in the order they arrived: the canonical order choices index into. */
  readonly parked: Parked[] = [];
  private count = 0;

  constructor(private readonly onPark: (p: Parked) => void) {}

  point(label: string): Promise<void> {
    return new Promise<void>((resume) => {
      const p: Parked = { id: this.count++, label, source: currentSource(), resume };
      this.parked.push(p);
      this.onPark(p);
    });
  }

  resume(p: Parked): void {
    this.parked.splice(this.parked.indexOf(p), 1);
    p.resume();
  }

  /** Whether `source` is parked at a point. */
  holds(source: string): boolean {
    return this.parked.some((p) => p.source === source);
  }
}
