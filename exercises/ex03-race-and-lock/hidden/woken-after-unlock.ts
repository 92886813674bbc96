// Imported by ./relock-worker.ts before the subject, so that the subject's module code (say
// `const { wait } = Atomics` at its top) already finds the wrapped wait. The relock test is about a
// second lock() waiting, not about the order of an unlock's notify and its release (the wake-up
// test in mutex.test.ts steers that one, every run): so a worker woken from a wait on the lock
// goes on only once the main thread's unlock() has returned, and what it finds no longer depends
// on how far that unlock() had got when the notify reached it.
import { workerData } from 'worker_threads';

const { lockBuffer, unlockReturned } = workerData as {
  lockBuffer: SharedArrayBuffer;
  unlockReturned: SharedArrayBuffer;
};
const returned = new Int32Array(unlockReturned);
const { load, wait } = Atomics;
/** Bounded: a lock whose unlock() waits for the woken worker is slowed, never stopped. */
const HOLD_LIMIT_MS = 2000;

Atomics.wait = ((array: Int32Array, index: number, value: number, timeout?: number) => {
  const outcome = wait(array, index, value, timeout);
  if (array.buffer === lockBuffer && outcome === 'ok') {
    const until = Date.now() + HOLD_LIMIT_MS;
    while (load(returned, 0) === 0 && Date.now() < until) wait(returned, 0, 0, until - Date.now());
  }
  return outcome;
}) as typeof Atomics.wait;
