// Faults as data. A FaultPlan is drawn from the seed (see scenario-arbitrary.ts) and
// interpreted by the sim file system and the scheduler; nothing else decides a fault.
// What each fault stands for on a real Linux machine is stated at the top of sim-fs.ts.

export const FAULT_KINDS = ['enospc', 'eio-write', 'torn-write', 'short-write', 'fsync-fail', 'latency', 'crash', 'crash-after-ack'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Per-mille: fractions as integers, so a plan is exact JSON and shrinks toward 0. */
export type PerMille = number;

export type Fault =
  /** The nth write (0-based, counting every write of the run) fails with ENOSPC; nothing is written. */
  | { kind: 'enospc'; write: number }
  /** The nth write fails with EIO; nothing is written. */
  | { kind: 'eio-write'; write: number }
  /** The nth write puts `keep` per-mille of its bytes in the file, then fails with EIO. */
  | { kind: 'torn-write'; write: number; keep: PerMille }
  /** The nth write puts `keep` per-mille of its bytes in and reports that count, without error. */
  | { kind: 'short-write'; write: number; keep: PerMille }
  /**
   * The nth fsync fails with EIO and makes nothing durable. `pages: 'dropped'` is Linux's
   * behaviour ("fsyncgate"): the file's dirty pages are marked clean without reaching the
   * disk, so a later fsync succeeds without writing them and a crash loses them. With
   * `'kept'` (or absent, as in plans saved before the mode existed) they stay dirty and a
   * later fsync can still make them durable.
   */
  | { kind: 'fsync-fail'; sync: number; pages?: 'kept' | 'dropped' }
  /** The nth file-system operation of any kind completes only after `ms` of simulated time. */
  | { kind: 'latency'; op: number; ms: number }
  /** The machine crashes before step `step`: unsynced bytes are lost, but for `keep` per-mille of them (a torn tail). */
  | { kind: 'crash'; step: number; keep: PerMille }
  /**
   * The machine crashes `after` steps after the `ack`th (0-based) durability
   * acknowledgement of the run -- a flush, session flush, shutdown or session shutdown that
   * resolved ok -- when a promise of durability is newest and most likely broken.
   */
  | { kind: 'crash-after-ack'; ack: number; after: number; keep: PerMille };

export type CrashFault = Extract<Fault, { kind: 'crash' | 'crash-after-ack' }>;

export interface FaultPlan {
  readonly faults: readonly Fault[];
}

/** Counts per fault kind, all zero. */
export function noFaultsFired(): Record<FaultKind, number> {
  return Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
}

export function describeFault(f: Fault): string {
  switch (f.kind) {
    case 'enospc':
    case 'eio-write':
      return `${f.kind} on write #${f.write}`;
    case 'torn-write':
    case 'short-write':
      return `${f.kind} on write #${f.write} keeping ${f.keep}‰`;
    case 'fsync-fail':
      return `fsync-fail on fsync #${f.sync}${f.pages === 'dropped' ? ', dirty pages dropped' : ''}`;
    case 'latency':
      return `latency ${f.ms}ms on op #${f.op}`;
    case 'crash':
      return `crash before step ${f.step} keeping ${f.keep}‰ of unsynced bytes`;
    case 'crash-after-ack':
      return `crash ${f.after} step(s) after durability acknowledgement #${f.ack} keeping ${f.keep}‰ of unsynced bytes`;
  }
}

/**
 * Looks up the fault (if any) for the nth operation of a kind -- the first matching fault
 * wins -- and, when one is made to happen, counts it and reports it once.
 */
export class FaultInjector {
  readonly fired = noFaultsFired();

  constructor(
    readonly plan: FaultPlan,
    private readonly onFire: (kind: FaultKind, detail: string) => void,
  ) {}

  forWrite(nth: number): Extract<Fault, { write: number }> | undefined {
    return this.plan.faults.find((f): f is Extract<Fault, { write: number }> => 'write' in f && f.write === nth);
  }

  forSync(nth: number): Extract<Fault, { kind: 'fsync-fail' }> | undefined {
    return this.plan.faults.find((f): f is Extract<Fault, { kind: 'fsync-fail' }> => f.kind === 'fsync-fail' && f.sync === nth);
  }

  forLatency(nth: number): Extract<Fault, { kind: 'latency' }> | undefined {
    return this.plan.faults.find((f): f is Extract<Fault, { kind: 'latency' }> => f.kind === 'latency' && f.op === nth);
  }

  /**
   * The crash (if any) due before `step`, given the steps at which the run's durability
   * acknowledgements so far settled.
   */
  crashAt(step: number, ackSteps: readonly number[]): CrashFault | undefined {
    return this.plan.faults.find(
      (f): f is CrashFault =>
        (f.kind === 'crash' && f.step === step) || (f.kind === 'crash-after-ack' && f.ack < ackSteps.length && step >= ackSteps[f.ack] + f.after),
    );
  }

  fire(fault: Fault, detail = describeFault(fault)): void {
    this.fired[fault.kind]++;
    this.onFire(fault.kind, detail);
  }
}
