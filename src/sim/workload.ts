// Workloads as data: who calls what, in which order per caller. The simulation turns each
// actor into a sequence of calls on the writer under test; the scheduler decides when
// each call starts and how calls interleave.
import type { CallOutcome, LogHandle, LogSession, SimItem } from './writer-contract';

export type HandleOp = { kind: 'append'; durable: number; transient: number } | { kind: 'flush' } | { kind: 'persist' };
export type SessionOp = { kind: 'persist-items'; durable: number; transient: number } | { kind: 'flush' };

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
}

export function plannedCalls(actor: ActorSpec): PlannedCall[] {
  let n = 0;
  const items = (durable: number, transient: number): SimItem[] => {
    const out: SimItem[] = [];
    for (let i = 0; i < durable; i++) out.push({ id: `${actor.name}.${n++}`, durable: true });
    for (let i = 0; i < transient; i++) out.push({ id: `${actor.name}.~${n++}`, durable: false });
    return out;
  };
  switch (actor.kind) {
    case 'handle':
      return actor.ops.map((op) =>
        op.kind === 'append' ? { actor: actor.name, op: 'append', items: items(op.durable, op.transient) } : { actor: actor.name, op: op.kind, items: [] },
      );
    case 'session':
      return actor.ops.map((op) =>
        op.kind === 'persist-items'
          ? { actor: actor.name, op: 'session-persist', items: items(op.durable, op.transient) }
          : { actor: actor.name, op: 'session-flush', items: [] },
      );
    case 'shutdown':
      return [{ actor: actor.name, op: actor.via === 'session' ? 'session-shutdown' : 'shutdown', items: [] }];
  }
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
      const ops = plannedCalls(a).map((c) => (c.items.length ? `${c.op}(${c.items.length})` : c.op));
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
