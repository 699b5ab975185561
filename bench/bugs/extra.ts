// Realistic bugs the harness cannot find, kept out of CATALOGUE (which is for telling
// search strategies apart: no strategy finds these) but measured by measure.ts when named,
// so that a change to the fault model that reaches them shows. None now: the last one,
// group-commit-joins-stale-fsync, joined CATALOGUE once an fsync promised only the bytes
// written before it was called (src/sim/page-cache.ts).
import type { CatalogueBug } from './catalogue';

export const EXTRA: readonly CatalogueBug[] = [];
