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
    return this.call('write', (sim) => {
      const { bytes, position } = writeArgs([this.#fd, data, ...rest]);
      return sim.perform(sim.node.write(this.#fd, bytes, position)).then((bytesWritten) => ({ bytesWritten, buffer: data }));
    });
  }

  writev(buffers: unknown, position?: unknown): Promise<{ bytesWritten: number; buffers: unknown }> {
    return this.call('writev', (sim) => {
      const { chunks, position: at } = writevArgs([this.#fd, buffers, position]);
      return sim.perform(sim.node.writev(this.#fd, chunks, at)).then((bytesWritten) => ({ bytesWritten, buffers }));
    });
  }

  sync(): Promise<void> {
    return this.call('sync', (sim) => sim.perform(sim.node.fsync(this.#fd, 'fsync')));
  }

  datasync(): Promise<void> {
    return this.call('datasync', (sim) => sim.perform(sim.node.fsync(this.#fd, 'fdatasync')));
  }

  stat(options?: unknown): Promise<SimStats> {
    return this.call('stat', (sim) => {
      if (option(options, 'bigint')) throw new NodeFsNotSimulatedError('FileHandle.stat (option bigint)');
      return sim.perform(sim.node.fstat(this.#fd));
    });
  }

  appendFile(data: unknown, options?: unknown): Promise<void> {
    return this.call('appendFile', (sim) => this.writeAll(sim, toBytes(data, fileOptions(options, 'FileHandle.appendFile').encoding)));
  }

  writeFile(data: unknown, options?: unknown): Promise<void> {
    return this.call('writeFile', (sim) => this.writeAll(sim, toBytes(data, fileOptions(options, 'FileHandle.writeFile').encoding)));
  }

  /** Closing twice is a no-op, as on Node's FileHandle; a close waits for the handle's calls in flight, as Node's does. */
  close(): Promise<void> {
    if (this.#fd === -1) return Promise.resolve();
    return this.call('close', (sim) => {
      const fd = this.#fd;
      this.#fd = -1;
      return this.#inFlight.afterSettled(() => sim.perform(sim.node.close(fd)));
    });
  }

  private async writeAll(sim: SimFileSystem, bytes: Buffer): Promise<void> {
    for (let done = 0; done < bytes.length; ) {
      // A short write is followed by the rest; the sim never answers a write with 0 bytes.
      done += await sim.perform(sim.node.write(this.#fd, bytes.subarray(done), null));
    }
  }

  private call<T>(method: string, body: (sim: SimFileSystem) => Promise<T>): Promise<T> {
    const sim = boundRun(`FileHandle.${method}`);
    if (this.#fd === -1) return Promise.reject(new SimIoError('EBADF', method));
    try {
      return method === 'close' ? body(sim) : this.#inFlight.track(body(sim));
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
