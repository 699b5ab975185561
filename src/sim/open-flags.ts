// node:fs's open flags as the bits open(2) takes, in Linux's encoding -- the one memfs
// uses on every platform (node:fs on another platform numbers them differently; the
// node:fs facade translates its caller's numbers before they get here).

export const O_RDONLY = 0;
export const O_WRONLY = 0o1;
export const O_RDWR = 0o2;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
/** Each write is durable when it returns; O_SYNC is this bit and one more. */
export const O_DSYNC = 0o10000;
export const O_SYNC = 0o4010000;

/** node:fs's string flags (lib/internal/fs/utils.js, stringToFlags). */
const STRING_FLAGS: Readonly<Record<string, number>> = {
  r: O_RDONLY,
  rs: O_RDONLY | O_SYNC,
  sr: O_RDONLY | O_SYNC,
  'r+': O_RDWR,
  'rs+': O_RDWR | O_SYNC,
  'sr+': O_RDWR | O_SYNC,
  w: O_TRUNC | O_CREAT | O_WRONLY,
  wx: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  xw: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  'w+': O_TRUNC | O_CREAT | O_RDWR,
  'wx+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  'xw+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  a: O_APPEND | O_CREAT | O_WRONLY,
  ax: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  xa: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  as: O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
  sa: O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
  'a+': O_APPEND | O_CREAT | O_RDWR,
  'ax+': O_APPEND | O_CREAT | O_RDWR | O_EXCL,
  'xa+': O_APPEND | O_CREAT | O_RDWR | O_EXCL,
  'as+': O_APPEND | O_CREAT | O_RDWR | O_SYNC,
  'sa+': O_APPEND | O_CREAT | O_RDWR | O_SYNC,
};

export class InvalidOpenFlagsError extends TypeError {
  override name = 'TypeError';
  readonly code = 'ERR_INVALID_ARG_VALUE';
  constructor(readonly flags: unknown) {
    super(`The argument 'flags' is invalid. Received ${JSON.stringify(flags)}`);
  }
}

/** The bits of a node:fs flags argument: a string as node:fs spells it, or a number of bits already. */
export function openFlagBits(flags: string | number): number {
  if (typeof flags === 'number') return flags;
  const bits = STRING_FLAGS[flags];
  if (bits === undefined) throw new InvalidOpenFlagsError(flags);
  return bits;
}

export function writesThrough(bits: number): boolean {
  return (bits & (O_WRONLY | O_RDWR)) !== 0;
}

/** How the trace shows flags: as node:fs was given them. */
export function describeFlags(flags: string | number): string {
  return typeof flags === 'number' ? `0o${flags.toString(8)}` : flags;
}
