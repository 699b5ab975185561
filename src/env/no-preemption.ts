// Preemption points that resolve at once: what production code runs with.
import type { Preemption } from './env';

export const noPreemption: Preemption = { point: () => Promise.resolve() };
