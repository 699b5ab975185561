// The errors the simulated file system raises itself (a fault of the plan, a descriptor it
// does not know), shaped as Node's: `code`, a negative `errno`, `syscall`, and a message
// `CODE: description, syscall 'path'` -- without the path for descriptor calls, as Node
// gives none for write, fsync or close. Errors memfs raises (ENOENT, EEXIST...) already
// have this shape and pass through as they are.

const DESCRIPTIONS = {
  ENOSPC: 'no space left on device',
  EIO: 'i/o error',
  EBADF: 'bad file descriptor',
} as const;

/** Linux's numbers; Node reports them negated. */
const ERRNO = { ENOSPC: 28, EIO: 5, EBADF: 9 } as const;

export type SimIoErrorCode = keyof typeof DESCRIPTIONS;

export class SimIoError extends Error {
  override name = 'SimIoError';
  readonly errno: number;
  /** Absent for a descriptor call, as on Node's errors. */
  declare readonly path?: string;
  constructor(
    readonly code: SimIoErrorCode,
    readonly syscall: string,
    path?: string,
  ) {
    super(`${code}: ${DESCRIPTIONS[code]}, ${syscall}${path === undefined ? '' : ` '${path}'`}`);
    this.errno = -ERRNO[code];
    if (path !== undefined) Object.defineProperty(this, 'path', { value: path, enumerable: true });
  }
}
