// What a write or fsync fault of the plan does to the call it falls on (the fault model
// is stated at the top of sim-fs.ts). Shared by the env's file system and node:fs's
// operations (sim-node-ops.ts), so a fault means the same whoever calls.
import type { FaultInjector } from './fault-plan';
import type { PageCache } from './page-cache';
import { SimIoError } from './sim-io-error';
import { contentHash } from './trace';

/** What a write that completed (or was cut short) gives back, and its trace result. */
export interface WriteOutcome {
  value: { bytesWritten: number };
  result: string;
}

/**
 * The nth write of the run meeting its fault, if the plan has one. `put(from, length)`
 * writes that part of `bytes` and says how many went in. With `loops`, the call is one
 * that writes until done (writeFile): a short write is followed by the rest.
 */
export function meetWriteFault(
  faults: FaultInjector,
  nth: number,
  syscall: string,
  path: string | undefined,
  bytes: Buffer,
  put: (from: number, length: number) => number,
  loops = false,
): WriteOutcome {
  // What the write carried, so two runs' traces part at the first write whose bytes
  // differ; hashed only for a write that completes, not at submission.
  const carried = () => `data ${contentHash(bytes)}`;
  const fault = faults.forWrite(nth);
  if (!fault) {
    const n = put(0, bytes.length);
    return { value: { bytesWritten: n }, result: `${n}/${bytes.length} bytes, ${carried()}` };
  }
  faults.fire(fault);
  switch (fault.kind) {
    case 'enospc':
      throw new SimIoError('ENOSPC', syscall, path);
    case 'eio-write':
      throw new SimIoError('EIO', syscall, path);
    case 'torn-write': {
      const keep = Math.min(bytes.length - 1, Math.floor((bytes.length * fault.keep) / 1000));
      if (keep > 0) put(0, keep);
      throw new SimIoError('EIO', syscall, path);
    }
    case 'short-write': {
      // At least one byte goes in (a write of nothing cannot be short: it writes nothing).
      const keep = Math.max(Math.min(1, bytes.length), Math.min(bytes.length, Math.floor((bytes.length * fault.keep) / 1000)));
      const n = put(0, keep);
      if (loops && n < bytes.length) {
        const total = n + put(n, bytes.length - n);
        return { value: { bytesWritten: total }, result: `${total}/${bytes.length} bytes (short ${n}, the rest by a second write), ${carried()}` };
      }
      return { value: { bytesWritten: n }, result: `${n}/${bytes.length} bytes (short), ${carried()}` };
    }
  }
}

/**
 * The nth fsync of the run meeting its fault, if the plan has one, else making
 * `cachePath` durable. `errorPath` is what a failure names (none for a descriptor call);
 * `cachePath` is undefined for a file unlinked while open: no name of it survives a crash.
 */
export function meetSyncFault(
  faults: FaultInjector,
  cache: PageCache,
  nth: number,
  syscall: string,
  cachePath: string | undefined,
  errorPath: string | undefined,
  /** The file's visible length when the fsync was called: all it promises. */
  calledAt?: number,
): { value: undefined; result: string } {
  const fault = faults.forSync(nth);
  if (fault) {
    const dropped = fault.pages === 'dropped' && cachePath !== undefined ? cache.dropDirty(cachePath) : 0;
    faults.fire(fault, fault.pages === 'dropped' ? `${syscall} ${cachePath ?? errorPath} failed; ${dropped} dirty bytes marked clean, never written` : undefined);
    throw new SimIoError('EIO', syscall, errorPath);
  }
  if (cachePath === undefined) return { value: undefined, result: 'ok (unlinked file)' };
  cache.sync(cachePath, calledAt);
  return { value: undefined, result: `durable ${cache.durableBytes(cachePath)} bytes` };
}
