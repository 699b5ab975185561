// memfs asks the host for the process's uid and gid whenever it makes an inode or checks a
// permission (`process.getuid()`, a system call each time): about 80 calls in a small run,
// 9% of its CPU. For the length of a run they are answered from one reading. Runs may
// overlap (a test awaiting two at once), so the first to start takes the reading and the
// last to end gives the host its own functions back.
let holders = 0;
let restore: (() => void) | undefined;

/** Holds the host's uid and gid fixed until the returned release is called. */
export function holdHostIds(): () => void {
  if (holders++ === 0) restore = cacheIds();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) {
      restore?.();
      restore = undefined;
    }
  };
}

function cacheIds(): (() => void) | undefined {
  const { getuid, getgid } = process;
  // Not on every platform (Windows has neither): memfs then uses 0, and there is nothing to cache.
  if (typeof getuid !== 'function' || typeof getgid !== 'function') return undefined;
  const uid = getuid.call(process);
  const gid = getgid.call(process);
  process.getuid = () => uid;
  process.getgid = () => gid;
  return () => {
    process.getuid = getuid;
    process.getgid = getgid;
  };
}
