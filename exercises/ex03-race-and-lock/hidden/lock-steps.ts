// Imported by ./stepped-lock-worker.ts before the subject, so the subject's module code (say
// `const { wait, notify } = Atomics` at its top) already finds the wrapped functions. A wait on the
// lock sleeps until it is woken, whatever time-out it has (unlock() must wake a waiter), and the
// test sees when it is asleep; and the worker stops once where the test asks (HOLD_AT).
import { workerData } from 'worker_threads';
import {
  AFTER_NOTIFY,
  AFTER_WAKE,
  HELD,
  HOLD_AT,
  SteppedLockData,
  WAITING,
  WAITS,
} from './stepped-lock-protocol';

const { lockBuffer, state } = workerData as SteppedLockData;
const cells = new Int32Array(state);
// Taken before the wrapping: the worker's own waits are not the subject's.
const { add, compareExchange, load, notify, store, wait } = Atomics;
/**
 * Bounded: a lock in which the woken or notifying thread must act before anyone else can (one
 * that hands the lock to the woken waiter, say) is slowed by a stop, never stopped for good.
 */
const HOLD_LIMIT_MS = 2000;

function holdIfAsked(moment: number): void {
  if (compareExchange(cells, HOLD_AT, moment, 0) !== moment) return;
  store(cells, HELD, 1);
  const until = Date.now() + HOLD_LIMIT_MS;
  while (load(cells, HELD) === 1 && Date.now() < until) wait(cells, HELD, 1, until - Date.now());
  store(cells, HELD, 0);
}

Atomics.wait = ((array: Int32Array, index: number, value: number, timeout?: number) => {
  if (array.buffer !== lockBuffer) return wait(array, index, value, timeout);
  add(cells, WAITS, 1);
  store(cells, WAITING, 1);
  try {
    return wait(array, index, value);
  } finally {
    store(cells, WAITING, 0);
    holdIfAsked(AFTER_WAKE);
  }
}) as typeof Atomics.wait;

Atomics.notify = ((array: Int32Array, index: number, count?: number) => {
  const woken = notify(array, index, count);
  if (array.buffer === lockBuffer) holdIfAsked(AFTER_NOTIFY);
  return woken;
}) as typeof Atomics.notify;
