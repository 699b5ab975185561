// Deterministic ids for a simulated writer: UUID-shaped strings from a small seeded PRNG
// (splitmix32), so a run's file names depend on its seed and nothing else.
import type { IdSource } from '../env/env';

export function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class SeededIds implements IdSource {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = splitmix32(seed);
  }
  uuid(): string {
    const hex = [this.next(), this.next(), this.next(), this.next()].map((n) => n.toString(16).padStart(8, '0')).join('');
    const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}
