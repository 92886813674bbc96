// Imported by ./waiter.ts before the subject, so the subject's module code (say
// `const { wait } = Atomics` at its top) already finds the patched function: the test can read in
// the worker's state cells whether the worker is blocked in Atomics.wait on the queue's memory,
// and which wait it is, instead of guessing from how long it has had to get there.
import { workerData } from 'worker_threads';
import { WAITING, WAITS, WaiterData } from './waiter-protocol';

const { queue, state } = workerData as WaiterData;
const cells = new Int32Array(state);
const { add, store, wait } = Atomics;

Atomics.wait = ((array: Int32Array, index: number, value: number, timeout?: number) => {
  if (array.buffer !== queue) return wait(array, index, value, timeout);
  add(cells, WAITS, 1);
  store(cells, WAITING, 1);
  try {
    return wait(array, index, value, timeout);
  } finally {
    store(cells, WAITING, 0);
  }
}) as typeof Atomics.wait;
