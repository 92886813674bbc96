// Runs this thread's clock ahead by every time-out it waits for: once `startWarp()` is called, an
// Atomics.wait with a time-out sleeps at most 1 ms, and when that wait times out, Date.now() and
// performance.now() jump ahead by the whole time-out it asked for. A wait that gives up after a
// while (a deadline, a count of time-outs) then gives up within the test's watch, however long its
// give-up time; a wait that sleeps until woken, with or without a time-out to look again, still
// waits. Imported by a worker before the subject, so the subject (say with `const { wait } =
// Atomics` at its top) already finds the warped functions.

const realNow = Date.now;
const realPerformanceNow = performance.now.bind(performance);
const { wait } = Atomics;
let ahead = 0;
let warping = false;

export function startWarp(): void {
  warping = true;
}

Date.now = () => realNow() + ahead;
performance.now = () => realPerformanceNow() + ahead;
Atomics.wait = ((array: Int32Array, index: number, value: number, timeout?: number) => {
  if (!warping || timeout === undefined || !(timeout < Infinity))
    return wait(array, index, value, timeout);
  const outcome = wait(array, index, value, Math.min(Math.max(timeout, 0), 1));
  if (outcome === 'timed-out') ahead += Math.max(timeout, 0);
  return outcome;
}) as typeof Atomics.wait;
