// Realistic bugs the harness cannot find, kept out of CATALOGUE (which is for telling
// search strategies apart: no strategy finds these) but measured by measure.ts when named,
// so that a change to the fault model that reaches them shows.
import type { CatalogueBug } from './catalogue';
import { writer as groupCommitJoinsStaleFsync } from './group-commit-joins-stale-fsync';

export const EXTRA: readonly CatalogueBug[] = [
  {
    name: 'group-commit-joins-stale-fsync',
    bug: 'a flush that finds an fsync in flight waits for it, though that fsync was called before the flush\'s bytes were written',
    needs: ['interleaving:4', 'fsync-covers-only-earlier-writes (not in the fault model)'],
    depth: 'deep',
    writer: groupCommitJoinsStaleFsync,
  },
];
