// node:fs's arguments, read as node:fs reads them (lib/fs.js): paths as strings, Buffers
// or file: URLs; data as strings or any ArrayBuffer view; write's two overloads; options
// as an encoding string or an object; the callback last. Wrong types throw Node's
// TypeError (code ERR_INVALID_ARG_TYPE) at once, as node:fs does, in every form.
//
// Type checks are by shape, not instanceof: under jest the target runs in Node's own
// realm and this code in jest's, so a target's Uint8Array or URL is not an instance of
// ours (Buffer is the same class in both).
import { fileURLToPath } from 'node:url';
import { nodeFsConstants } from '../env/node-fs-shape';
import { O_APPEND, O_CREAT, O_DSYNC, O_EXCL, O_RDWR, O_SYNC, O_TRUNC, O_WRONLY } from '../sim/open-flags';
import { NodeFsNotSimulatedError } from './node-fs-binding';

export class InvalidArgTypeError extends TypeError {
  readonly code = 'ERR_INVALID_ARG_TYPE';
  constructor(name: string, expected: string, actual: unknown) {
    super(`The "${name}" argument must be ${expected}. Received ${describe(actual)}`);
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return `function ${value.name}`;
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'Object'}`;
  return `type ${typeof value} (${JSON.stringify(value)})`;
}

export type Callback = (...args: unknown[]) => void;

/** node:fs's callback forms take the callback last; the rest are the *Sync form's arguments. */
export function splitCallback(args: readonly unknown[]): { rest: unknown[]; cb: Callback } {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  const cb = args[end - 1];
  if (typeof cb !== 'function') throw new InvalidArgTypeError('cb', 'of type function', cb);
  return { rest: args.slice(0, end - 1), cb: cb as Callback };
}

export function toPath(value: unknown, name = 'path'): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString();
  if (typeof value === 'object' && value !== null && 'href' in value && 'protocol' in value) {
    if ((value as URL).protocol !== 'file:') throw new InvalidArgTypeError(name, 'a file: URL', value);
    return fileURLToPath(String((value as URL).href));
  }
  throw new InvalidArgTypeError(name, 'of type string or an instance of Buffer or URL', value);
}

export function toFd(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new InvalidArgTypeError('fd', 'of type number (a non-negative integer)', value);
}

function viewBytes(value: ArrayBufferView): Buffer {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

export function toBytes(data: unknown, encoding: unknown, name = 'data'): Buffer {
  if (typeof data === 'string') return Buffer.from(data, toEncoding(encoding) ?? 'utf8');
  if (ArrayBuffer.isView(data)) return viewBytes(data);
  throw new InvalidArgTypeError(name, 'of type string or an instance of Buffer, TypedArray, or DataView', data);
}

function toEncoding(value: unknown): BufferEncoding | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && Buffer.isEncoding(value)) return value;
  throw new InvalidArgTypeError('encoding', 'a valid encoding', value);
}

/** A mode: a number, or an octal string as node:fs allows ('0644'). */
export function toMode(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^[0-7]+$/.test(value)) return parseInt(value, 8);
  throw new InvalidArgTypeError('mode', 'a 32-bit unsigned integer or an octal string', value);
}

const FLAG_NAMES = ['O_WRONLY', 'O_RDWR', 'O_CREAT', 'O_EXCL', 'O_TRUNC', 'O_APPEND', 'O_SYNC', 'O_DSYNC'] as const;
const SIM_BITS: Record<(typeof FLAG_NAMES)[number], number> = { O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_SYNC, O_DSYNC };

/**
 * Open flags for the sim: strings as they are; numbers (this platform's fs.constants)
 * translated bit by bit to Linux's, which the sim fs uses everywhere.
 */
export function toFlags(value: unknown, fallback: string): string | number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string') return value;
  if (typeof value !== 'number') throw new InvalidArgTypeError('flags', 'of type string or number', value);
  const host = nodeFsConstants as unknown as Record<string, number | undefined>;
  let bits = 0;
  for (const name of FLAG_NAMES) {
    const hostBit = host[name];
    // O_SYNC contains O_DSYNC's bit on Linux: test the whole mask.
    if (hostBit !== undefined && hostBit !== 0 && (value & hostBit) === hostBit) bits |= SIM_BITS[name];
  }
  return bits;
}

/** write(fd, buffer, offset?, length?, position?) or write(fd, string, position?, encoding?), as writeSync reads them. */
export function writeArgs(args: readonly unknown[]): { fd: number; bytes: Buffer; position: number | null } {
  const [fdArg, data, offsetOrOptions, lengthArg, positionArg] = args;
  const fd = toFd(fdArg);
  if (ArrayBuffer.isView(data)) {
    const all = viewBytes(data);
    let offset = offsetOrOptions;
    let length = lengthArg;
    let position = positionArg;
    if (typeof offset === 'object' && offset !== null) {
      const o = offset as { offset?: unknown; length?: unknown; position?: unknown };
      offset = o.offset;
      length = o.length;
      position = o.position;
    }
    const from = typeof offset === 'number' ? offset : 0;
    const count = typeof length === 'number' ? length : all.length - from;
    if (from < 0 || count < 0 || from + count > all.length) throw new RangeError(`The value of "length" is out of range. It must be <= ${all.length - from}. Received ${count}`);
    return { fd, bytes: all.subarray(from, from + count), position: toPosition(position) };
  }
  if (typeof data !== 'string') throw new InvalidArgTypeError('buffer', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
  return { fd, bytes: Buffer.from(data, toEncoding(lengthArg) ?? 'utf8'), position: toPosition(offsetOrOptions) };
}

/** A number at or past 0 writes there; anything else (null, -1, an encoding in its place) at the current offset. */
function toPosition(value: unknown): number | null {
  if (typeof value === 'bigint') return value >= 0n ? Number(value) : null;
  return typeof value === 'number' && value >= 0 ? value : null;
}

export function writevArgs(args: readonly unknown[]): { fd: number; chunks: Buffer[]; position: number | null } {
  const [fdArg, buffers, position] = args;
  if (!Array.isArray(buffers) || !buffers.every((b) => ArrayBuffer.isView(b))) {
    throw new InvalidArgTypeError('buffers', 'an ArrayBufferView[]', buffers);
  }
  return { fd: toFd(fdArg), chunks: buffers.map((b: ArrayBufferView) => viewBytes(b)), position: toPosition(position) };
}

/** readFile's and writeFile's options: an encoding, or { encoding, flag, mode }. */
export function fileOptions(value: unknown, call: string): { encoding?: BufferEncoding; flag?: string | number; mode?: unknown } {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') return { encoding: toEncoding(value) };
  if (typeof value !== 'object') throw new InvalidArgTypeError('options', 'of type string or object', value);
  const o = value as { encoding?: unknown; flag?: unknown; mode?: unknown; signal?: unknown };
  if (o.signal !== undefined) throw new NodeFsNotSimulatedError(`${call} (option signal)`);
  return { encoding: toEncoding(o.encoding), flag: o.flag === undefined ? undefined : toFlags(o.flag, 'r'), mode: o.mode };
}

/** A path argument of readFile/writeFile/appendFile: a descriptor there is not simulated. */
export function filePath(value: unknown, call: string): string {
  if (typeof value === 'number') throw new NodeFsNotSimulatedError(`${call} (with a file descriptor)`);
  return toPath(value);
}

export function mkdirOptions(value: unknown): { recursive: boolean; mode: number } {
  if (typeof value === 'number' || typeof value === 'string') return { recursive: false, mode: toMode(value, 0o777) };
  if (value === undefined || value === null) return { recursive: false, mode: 0o777 };
  if (typeof value !== 'object') throw new InvalidArgTypeError('options', 'of type object', value);
  const o = value as { recursive?: unknown; mode?: unknown };
  return { recursive: Boolean(o.recursive), mode: toMode(o.mode, 0o777) };
}

/** An option of an options object (undefined if the options are not an object). */
export function option(options: unknown, key: string): unknown {
  return typeof options === 'object' && options !== null ? (options as Record<string, unknown>)[key] : undefined;
}
