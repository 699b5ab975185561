// The calls in flight on one file handle. Node's FileHandle.close() "closes the file
// handle after waiting for any pending operation on the handle to complete", so a write
// still in flight when a writer closes its handle lands before the close, not EBADF.
export class InFlight {
  private readonly calls = new Set<Promise<unknown>>();

  track<T>(call: Promise<T>): Promise<T> {
    this.calls.add(call);
    const done = () => void this.calls.delete(call);
    call.then(done, done);
    return call;
  }

  /** `next` once every tracked call has settled -- at once, with no turn between, when none is in flight. (Not `then`: that would make this a thenable.) */
  afterSettled<T>(next: () => Promise<T>): Promise<T> {
    if (this.calls.size === 0) return next();
    return Promise.allSettled([...this.calls]).then(next);
  }
}
