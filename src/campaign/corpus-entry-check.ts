// The check every corpus entry passes on load. A corpus file is edited by hand, merged by
// git and written by older versions of rollout-sim, so nothing in it is trusted: an entry
// with a missing or ill-typed field is refused naming the field, before its scenario
// could reach the simulator and turn into a TypeError or a failure blamed on the writer.
import { FAULT_KINDS } from '../sim/fault-plan';
import type { Scenario } from '../sim/scenario';
import { PAYLOADS } from '../sim/workload';
import { INVARIANT_NAMES, type InvariantName } from '../invariants/invariant';
import { FAST_CHECK_PATH } from './failure';
import { PROFILE_NAMES, type ProfileName } from './profiles';

/** Items one call may hand over, and calls one burst may make: far above what the generator draws (3 and 264), low enough that a mistyped count cannot exhaust memory. */
export const MAX_ITEMS_PER_CALL = 10_000;
export const MAX_BURST_CALLS = 10_000;
/** Ids are printed into replay commands unquoted, so they are kept to shell-safe characters. */
const ID_PATTERN = /^[0-9A-Za-z_-]{1,64}$/;
/** Local time offsets run from UTC-12 to UTC+14. */
const MAX_UTC_OFFSET_MINUTES = 14 * 60;

/** What a corpus entry holds; `checkCorpusEntry` returns one only when every field is sound. */
export interface CorpusEntry {
  /** First 12 hex digits of the failing trace's hash: the entry's name. */
  id: string;
  /** The name of the writer the failure was found with (a variant's name, or a module's writer name). */
  writer: string;
  invariants: InvariantName[];
  seed: number;
  path: string;
  /** The profile the failure was found under (see profiles.ts); absent means default. */
  profile?: ProfileName;
  scenario: Scenario;
}

/** One bad field: its dotted path in the entry and what is wrong with it. */
export class EntryFieldError extends Error {
  override name = 'EntryFieldError';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field} ${reason}`);
  }
}

type Fields = Record<string, unknown>;

function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (v === null || typeof v !== 'object') {
    const text = JSON.stringify(v) ?? String(v);
    return text.length > 40 ? `${text.slice(0, 40)}...` : text;
  }
  return 'an object';
}

function record(v: unknown, field: string): Fields {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new EntryFieldError(field, `must be an object, got ${shown(v)}`);
  return v as Fields;
}

function need(o: Fields, key: string, at: string): unknown {
  const field = at ? `${at}.${key}` : key;
  if (o[key] === undefined) throw new EntryFieldError(field, 'is missing');
  return o[key];
}

function list(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw new EntryFieldError(field, `must be a list, got ${shown(v)}`);
  return v;
}

function whole(v: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new EntryFieldError(field, `must be a whole number from ${min} to ${max}, got ${shown(v)}`);
  }
  return v;
}

function text(v: unknown, field: string, pattern = /^.+$/s): string {
  if (typeof v !== 'string' || !pattern.test(v)) throw new EntryFieldError(field, `must be a string matching ${pattern}, got ${shown(v)}`);
  return v;
}

function oneOf<T extends string>(v: unknown, field: string, choices: readonly T[]): T {
  const found = choices.find((c) => c === v);
  if (found === undefined) throw new EntryFieldError(field, `must be one of ${choices.join(', ')}, got ${shown(v)}`);
  return found;
}

function checkItems(op: Fields, at: string): void {
  whole(need(op, 'durable', at), `${at}.durable`, 0, MAX_ITEMS_PER_CALL);
  whole(need(op, 'transient', at), `${at}.transient`, 0, MAX_ITEMS_PER_CALL);
}

function checkBurst(op: Fields, at: string): void {
  whole(need(op, 'calls', at), `${at}.calls`, 1, MAX_BURST_CALLS);
  whole(need(op, 'durable', at), `${at}.durable`, 0, MAX_ITEMS_PER_CALL);
}

function checkOp(v: unknown, at: string, actorKind: 'handle' | 'session'): void {
  const op = record(v, at);
  const kinds = actorKind === 'handle' ? (['append', 'flush', 'persist', 'burst'] as const) : (['persist-items', 'flush', 'burst'] as const);
  const kind = oneOf(need(op, 'kind', at), `${at}.kind`, kinds);
  if (kind === 'append' || kind === 'persist-items') checkItems(op, at);
  if (kind === 'append' && op.payload !== undefined) oneOf(op.payload, `${at}.payload`, PAYLOADS);
  if (op.fromCallback !== undefined && (actorKind !== 'handle' || kind === 'burst' || op.fromCallback !== true)) {
    throw new EntryFieldError(`${at}.fromCallback`, `must be absent, or true on a handle's append, flush or persist; got ${shown(op.fromCallback)}`);
  }
  if (kind === 'burst') {
    checkBurst(op, at);
    if (op.persistFirst !== undefined && (actorKind !== 'handle' || typeof op.persistFirst !== 'boolean')) {
      throw new EntryFieldError(`${at}.persistFirst`, `must be absent${actorKind === 'handle' ? ' or a boolean' : ' on a session burst'}, got ${shown(op.persistFirst)}`);
    }
  }
}

function checkWorkload(v: unknown, at: string): void {
  const actors = list(need(record(v, at), 'actors', at), `${at}.actors`);
  const names = new Set<string>();
  actors.forEach((a, i) => {
    const here = `${at}.actors[${i}]`;
    const actor = record(a, here);
    const kind = oneOf(need(actor, 'kind', here), `${here}.kind`, ['handle', 'session', 'shutdown'] as const);
    const name = text(need(actor, 'name', here), `${here}.name`, /^[\w-]{1,64}$/);
    // Item ids are `<actor>.<n>`: two actors of one name would hand over the same items.
    if (names.has(name)) throw new EntryFieldError(`${here}.name`, `repeats the name ${JSON.stringify(name)} of an earlier actor`);
    names.add(name);
    if (kind === 'shutdown') oneOf(need(actor, 'via', here), `${here}.via`, ['handle', 'session'] as const);
    else list(need(actor, 'ops', here), `${here}.ops`).forEach((op, j) => checkOp(op, `${here}.ops[${j}]`, kind));
  });
}

function checkFault(v: unknown, at: string): void {
  const f = record(v, at);
  const field = (key: string, min: number, max?: number) => whole(need(f, key, at), `${at}.${key}`, min, max);
  switch (oneOf(need(f, 'kind', at), `${at}.kind`, FAULT_KINDS)) {
    case 'enospc':
    case 'eio-write':
      field('write', 0);
      return;
    case 'torn-write':
    case 'short-write':
      field('write', 0);
      field('keep', 0, 1000);
      return;
    case 'fsync-fail':
      field('sync', 0);
      if (f.pages !== undefined) oneOf(f.pages, `${at}.pages`, ['kept', 'dropped'] as const);
      return;
    case 'latency':
      field('op', 0);
      field('ms', 0);
      return;
    case 'crash':
      field('step', 0);
      field('keep', 0, 1000);
      return;
    case 'crash-after-ack':
      field('ack', 0);
      field('after', 0);
      field('keep', 0, 1000);
      return;
  }
}

function checkStrategy(v: unknown, at: string): void {
  const s = record(v, at);
  const kind = oneOf(need(s, 'kind', at), `${at}.kind`, ['random', 'pct', 'replay'] as const);
  if (kind === 'pct') {
    whole(need(s, 'depth', at), `${at}.depth`, 1, 1000);
    // Absent in entries saved before it existed: they replay as they were found.
    if (s.horizon !== undefined) whole(s.horizon, `${at}.horizon`, 1);
  }
  if (kind === 'replay') list(need(s, 'keys', at), `${at}.keys`).forEach((k, i) => text(k, `${at}.keys[${i}]`));
}

function checkScenario(v: unknown, at: string): Scenario {
  const s = record(v, at);
  checkWorkload(need(s, 'workload', at), `${at}.workload`);
  list(need(record(need(s, 'faults', at), `${at}.faults`), 'faults', `${at}.faults`), `${at}.faults.faults`).forEach((f, i) =>
    checkFault(f, `${at}.faults.faults[${i}]`),
  );
  checkStrategy(need(s, 'strategy', at), `${at}.strategy`);
  list(need(s, 'tape', at), `${at}.tape`).forEach((t, i) => whole(t, `${at}.tape[${i}]`, 0));
  whole(need(s, 'idSeed', at), `${at}.idSeed`, -(2 ** 31), 2 ** 32 - 1);
  // Dates from 1970 to 9999: what the rollout file names can spell.
  whole(need(s, 'startEpochMs', at), `${at}.startEpochMs`, 0, Date.UTC(9999, 11, 31));
  whole(need(s, 'utcOffsetMinutes', at), `${at}.utcOffsetMinutes`, -MAX_UTC_OFFSET_MINUTES, MAX_UTC_OFFSET_MINUTES);
  return s as unknown as Scenario;
}

/** The entry, if every field is sound; otherwise an EntryFieldError naming the first bad field. */
export function checkCorpusEntry(v: unknown): CorpusEntry {
  const e = record(v, 'entry');
  text(need(e, 'id', ''), 'id', ID_PATTERN);
  text(need(e, 'writer', ''), 'writer');
  const invariants = list(need(e, 'invariants', ''), 'invariants');
  if (invariants.length === 0) throw new EntryFieldError('invariants', 'must name at least one invariant');
  invariants.forEach((name, i) => oneOf(name, `invariants[${i}]`, INVARIANT_NAMES));
  whole(need(e, 'seed', ''), 'seed', -(2 ** 31), 2 ** 31 - 1);
  text(need(e, 'path', ''), 'path', FAST_CHECK_PATH);
  if (e.profile !== undefined) oneOf(e.profile, 'profile', PROFILE_NAMES);
  checkScenario(need(e, 'scenario', ''), 'scenario');
  return e as unknown as CorpusEntry;
}
