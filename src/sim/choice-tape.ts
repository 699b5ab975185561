// The source of every choice a run makes. fast-check generates the tape (an array of
// naturals), so shrinking the tape shrinks the schedule: shorter tapes and smaller values
// mean fewer and earlier switches. Past the end of the tape every choice is 0, the
// default: the oldest enabled event.

export class ChoiceTape {
  private cursor = 0;

  constructor(readonly values: readonly number[]) {
    for (const v of values) {
      if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`a choice tape holds naturals; got ${v}`);
    }
  }

  /** A choice in [0, bound); 0 once the tape is used up. */
  draw(bound: number): number {
    if (!Number.isSafeInteger(bound) || bound < 1) throw new RangeError(`cannot draw a choice below ${bound}`);
    if (this.cursor >= this.values.length) return 0;
    return this.values[this.cursor++] % bound;
  }

  get used(): number {
    return this.cursor;
  }
}
