// Workloads as data: who calls what, in which order per caller. The simulation turns each
// actor into a sequence of calls on the writer under test; the scheduler decides when
// each call starts and how calls interleave.
import type { CallOutcome, LogHandle, LogSession, SimItem } from './writer-contract';

/**
 * A burst: `calls` item calls (appends on a handle, persists on a session) of `durable`
 * items each, all started in one scheduler step, in order, without awaiting each -- one
 * actor with many calls in flight, enough to fill a writer's bounded queue.
 */
export type BurstOp = { kind: 'burst'; calls: number; durable: number };
/** On a handle a burst may open with a persist, in flight with the appends: the writer is busy creating the file while they arrive. */
export type HandleBurstOp = BurstOp & { persistFirst?: boolean };
/**
 * Text an append's items carry: `multibyte` (UTF-8 of 2 to 4 bytes a character, where a
 * writer that counts characters for bytes goes wrong) or `large` (a few KB a record, more
 * than one write at a time). Absent: no text, the item is its id.
 */
export type Payload = 'multibyte' | 'large';
export const PAYLOADS: readonly Payload[] = ['multibyte', 'large'];
/** Bytes of a `large` item's text, about: more than a typical 4 KB write chunk and pipe buffer. */
const LARGE_PAYLOAD_BYTES = 5_000;

/** The text an item of `payload` carries; made from its id, so one scenario is one set of bytes. */
export function payloadText(payload: Payload, id: string): string {
  if (payload === 'multibyte') return `ünïcødé ✓ 日本語 🚀 ${id}`;
  const unit = `${id} lorem ipsum dolor sit amet; `;
  return unit.repeat(Math.ceil(LARGE_PAYLOAD_BYTES / unit.length));
}

/**
 * `fromCallback`: the call is made from inside the acknowledgement of the actor's call
 * before it -- as code written against a logger does in a flush callback or a 'finish'
 * handler -- so it starts the moment that call settles, with no other event between.
 */
type FromCallback = { fromCallback?: true };
export type HandleOp =
  | ({ kind: 'append'; durable: number; transient: number; payload?: Payload } & FromCallback)
  | ({ kind: 'flush' } & FromCallback)
  | ({ kind: 'persist' } & FromCallback)
  | HandleBurstOp;
export type SessionOp = { kind: 'persist-items'; durable: number; transient: number } | { kind: 'flush' } | BurstOp;

export type ActorSpec =
  /** Calls through its own clone of the writer's handle, taken when the run starts. */
  | { kind: 'handle'; name: string; ops: readonly HandleOp[] }
  /** Calls through the writer's session. */
  | { kind: 'session'; name: string; ops: readonly SessionOp[] }
  /** Calls shutdown once, on its own clone or on the session. */
  | { kind: 'shutdown'; name: string; via: 'handle' | 'session' };

export interface Workload {
  readonly actors: readonly ActorSpec[];
}

/** One call of an actor, with the items it hands over (ids `<actor>.<n>`, transient ones `<actor>.~<n>`). */
export interface PlannedCall {
  actor: string;
  op: 'append' | 'flush' | 'persist' | 'shutdown' | 'session-persist' | 'session-flush' | 'session-shutdown';
  items: SimItem[];
  /** Started from inside the previous call's acknowledgement (see HandleOp's fromCallback). */
  fromCallback?: true;
}

/** Every call of an actor, in its order. */
export function plannedCalls(actor: ActorSpec): PlannedCall[] {
  return plannedSteps(actor).flat();
}

/** An actor's calls grouped by op: the calls of one group start together (more than one for a burst). */
export function plannedSteps(actor: ActorSpec): PlannedCall[][] {
  let n = 0;
  const items = (durable: number, transient: number, payload?: Payload): SimItem[] => {
    const item = (id: string, isDurable: boolean): SimItem => (payload ? { id, durable: isDurable, text: payloadText(payload, id) } : { id, durable: isDurable });
    // Sized up front: an array grown by push keeps room for 16, and a call's items are kept for the whole run.
    return Array.from({ length: durable + transient }, (_, i) => (i < durable ? item(`${actor.name}.${n++}`, true) : item(`${actor.name}.~${n++}`, false)));
  };
  const burst = (op: BurstOp, kind: 'append' | 'session-persist'): PlannedCall[] => {
    if (!Number.isInteger(op.calls) || op.calls < 1) throw new RangeError(`${actor.name}'s burst needs a positive whole number of calls, got ${op.calls}`);
    return Array.from({ length: op.calls }, () => ({ actor: actor.name, op: kind, items: items(op.durable, 0) }));
  };
  switch (actor.kind) {
    case 'handle':
      return actor.ops.map((op) =>
        op.kind === 'burst'
          ? [...(op.persistFirst ? [{ actor: actor.name, op: 'persist' as const, items: [] }] : []), ...burst(op, 'append')]
          : [
              {
                ...(op.kind === 'append' ? { actor: actor.name, op: 'append' as const, items: items(op.durable, op.transient, op.payload) } : { actor: actor.name, op: op.kind, items: [] }),
                ...(op.fromCallback ? { fromCallback: true as const } : {}),
              },
            ],
      );
    case 'session':
      return actor.ops.map((op) =>
        op.kind === 'burst'
          ? burst(op, 'session-persist')
          : [
              op.kind === 'persist-items'
                ? { actor: actor.name, op: 'session-persist', items: items(op.durable, op.transient) }
                : { actor: actor.name, op: 'session-flush', items: [] },
            ],
      );
    case 'shutdown':
      return [[{ actor: actor.name, op: actor.via === 'session' ? 'session-shutdown' : 'shutdown', items: [] }]];
  }
}

/**
 * About how many scheduler steps a run of this workload takes, for PCT's change points:
 * measured on the reference recorder, a call takes about two steps (its start and its
 * file operations), a call of a burst about one, and the run a few of its own.
 */
export function expectedSteps(workload: Workload): number {
  let steps = OPENING_STEPS;
  for (const actor of workload.actors) {
    for (const group of plannedSteps(actor)) steps += stepsOf(group);
  }
  return steps;
}

/** Steps a run takes of its own, whatever its calls (opening its file, say). */
export const OPENING_STEPS = 4;

/** Steps one planned group takes: a burst one per call, any other call two (its start and its I/O). */
export function stepsOf(group: readonly PlannedCall[]): number {
  return group.length > 1 ? group.length : 2;
}

/** Calls whose `ok` promises that what was accepted before them is durable: the writer contract's durability points. */
export function promisesDurability(call: Pick<PlannedCall, 'op'>): boolean {
  return call.op === 'flush' || call.op === 'shutdown' || call.op === 'session-flush' || call.op === 'session-shutdown';
}

export function usesSession(workload: Workload): boolean {
  return workload.actors.some((a) => a.kind === 'session' || (a.kind === 'shutdown' && a.via === 'session'));
}

export function describeWorkload(workload: Workload): string {
  return workload.actors
    .map((a) => {
      if (a.kind === 'shutdown') return `${a.name}: shutdown via ${a.via}`;
      const ops = plannedSteps(a).map((group, i) => {
        const spec = a.ops[i];
        const inCallback = spec.kind !== 'burst' && 'fromCallback' in spec && spec.fromCallback ? 'then in its callback ' : '';
        if (spec.kind === 'append' && spec.payload) return `${inCallback}append(${group[0].items.length}, ${spec.payload})`;
        if (inCallback) return `${inCallback}${group[0].items.length ? `${group[0].op}(${group[0].items.length})` : group[0].op}`;
        const [c] = group.filter((g) => g.items.length);
        if (group.length === 1 || !c) return group.map((g) => (g.items.length ? `${g.op}(${g.items.length})` : g.op)).join(' ');
        const lead = group[0] === c ? '' : `${group[0].op} + `;
        return `burst(${lead}${group.length - (lead ? 1 : 0)}x ${c.op}(${c.items.length}))`;
      });
      return `${a.name}: ${ops.join(' ')}`;
    })
    .join('; ');
}

export class MissingCallTargetError extends Error {
  override name = 'MissingCallTargetError';
  constructor(call: PlannedCall) {
    super(`${call.actor}'s ${call.op} needs ${call.op.startsWith('session') ? 'a session' : 'a handle'}, and it has none`);
  }
}

/** Makes one planned call on the writer: the interpreter of a PlannedCall. */
export function callWriter(call: PlannedCall, handle: LogHandle | undefined, session: LogSession | undefined): Promise<CallOutcome> {
  const h = () => handle ?? raise(call);
  const s = () => session ?? raise(call);
  switch (call.op) {
    case 'append':
      return h().append(call.items);
    case 'flush':
      return h().flush();
    case 'persist':
      return h().persist();
    case 'shutdown':
      return h().shutdown();
    case 'session-persist':
      return s().persistItems(call.items);
    case 'session-flush':
      return s().flush();
    case 'session-shutdown':
      return s().shutdown();
  }
}

function raise(call: PlannedCall): never {
  throw new MissingCallTargetError(call);
}

/** Whether an actor calls through its own clone of the handle (rather than the session). */
export function usesHandle(actor: ActorSpec): boolean {
  return actor.kind === 'handle' || (actor.kind === 'shutdown' && actor.via === 'handle');
}
