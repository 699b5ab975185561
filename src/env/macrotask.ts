// One turn of the real event loop, for the simulator's settling. A loop of `await null`
// runs microtasks only: Node runs `process.nextTick` callbacks when the microtask queue
// is empty between macrotasks, so a writer built on streams (which live on nextTick)
// never moves under it. A macrotask turn drains both queues. The reference is taken when
// this module loads, before any run fakes the global timers (fake-timers patches
// `node:timers` too), so the simulator always gets the real one.
import { setImmediate as realSetImmediate } from 'node:timers';

const immediate = realSetImmediate;

export function nextMacrotask(): Promise<void> {
  return new Promise((resume) => immediate(resume));
}
