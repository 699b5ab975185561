// node:fs/promises's FileHandle over the simulated file system: write, writev, sync,
// datasync, close, stat, appendFile and writeFile, each a pending event of the run bound
// when it is called. appendFile and writeFile write until done, one write(2) after
// another from the handle's offset, as Node's do. A closed handle's fd is -1 and its
// calls fail with EBADF; FileHandle methods that are not simulated throw, naming themselves.
import { NODE_FS_FILE_HANDLE_METHOD_NAMES } from '../env/node-fs-shape';
import type { SimFileSystem } from '../sim/sim-fs';
import { SimIoError } from '../sim/sim-io-error';
import type { SimStats } from '../sim/sim-node-ops';
import { boundRun, NodeFsNotSimulatedError, notSimulated } from './node-fs-binding';
import { fileOptions, option, toBytes, writeArgs, writevArgs } from './node-fs-args';
import { InFlight } from '../sim/in-flight';

export class SimFileHandle {
  #fd: number;
  readonly #inFlight = new InFlight();

  constructor(fd: number) {
    this.#fd = fd;
  }

  get fd(): number {
    return this.#fd;
  }

  write(data: unknown, ...rest: unknown[]): Promise<{ bytesWritten: number; buffer: unknown }> {
    return this.call('write', (sim, fd) => {
      const { bytes, position } = writeArgs([fd, data, ...rest]);
      return sim.perform(sim.node.write(fd, bytes, position)).then((bytesWritten) => ({ bytesWritten, buffer: data }));
    });
  }

  writev(buffers: unknown, position?: unknown): Promise<{ bytesWritten: number; buffers: unknown }> {
    return this.call('writev', (sim, fd) => {
      const { chunks, position: at } = writevArgs([fd, buffers, position]);
      return sim.perform(sim.node.writev(fd, chunks, at)).then((bytesWritten) => ({ bytesWritten, buffers }));
    });
  }

  sync(): Promise<void> {
    return this.call('sync', (sim, fd) => sim.perform(sim.node.fsync(fd, 'fsync')));
  }

  datasync(): Promise<void> {
    return this.call('datasync', (sim, fd) => sim.perform(sim.node.fsync(fd, 'fdatasync')));
  }

  stat(options?: unknown): Promise<SimStats> {
    return this.call('stat', (sim, fd) => {
      if (option(options, 'bigint')) throw new NodeFsNotSimulatedError('FileHandle.stat (option bigint)');
      return sim.perform(sim.node.fstat(fd));
    });
  }

  appendFile(data: unknown, options?: unknown): Promise<void> {
    return this.call('appendFile', (sim, fd) => writeAll(sim, fd, toBytes(data, fileOptions(options, 'FileHandle.appendFile').encoding)));
  }

  writeFile(data: unknown, options?: unknown): Promise<void> {
    return this.call('writeFile', (sim, fd) => writeAll(sim, fd, toBytes(data, fileOptions(options, 'FileHandle.writeFile').encoding)));
  }

  /** Closing twice is a no-op, as on Node's FileHandle; a close waits for the handle's calls in flight, as Node's does. */
  close(): Promise<void> {
    if (this.#fd === -1) return Promise.resolve();
    return this.call(
      'close',
      (sim, fd) => {
        this.#fd = -1;
        return this.#inFlight.afterSettled(() => sim.perform(sim.node.close(fd)));
      },
      { inFlight: false },
    );
  }

  /**
   * Runs a method on the descriptor the handle has when it is called: a close that comes
   * after it waits for it (it is in flight) and cannot pull the descriptor from under it.
   */
  private call<T>(method: string, body: (sim: SimFileSystem, fd: number) => Promise<T>, o: { inFlight: boolean } = { inFlight: true }): Promise<T> {
    const sim = boundRun(`FileHandle.${method}`);
    if (this.#fd === -1) return Promise.reject(new SimIoError('EBADF', method));
    try {
      const done = body(sim, this.#fd);
      return o.inFlight ? this.#inFlight.track(done) : done;
    } catch (err) {
      return Promise.reject(err);
    }
  }
}

for (const name of NODE_FS_FILE_HANDLE_METHOD_NAMES) {
  if (!(name in SimFileHandle.prototype)) {
    Object.defineProperty(SimFileHandle.prototype, name, { value: notSimulated(`FileHandle.${name}`), writable: true, configurable: true });
  }
}

/** Writes all of `bytes` at `fd`: a short write is followed by the rest (the sim never answers a write with 0 bytes). */
async function writeAll(sim: SimFileSystem, fd: number, bytes: Buffer): Promise<void> {
  for (let done = 0; done < bytes.length; ) done += await sim.perform(sim.node.write(fd, bytes.subarray(done), null));
}
