// Imported by ./waiter.ts before the subject: the test can read in the worker's state cells
// whether the worker is blocked in Atomics.wait on the queue's memory, and which wait it is,
// instead of guessing from how long it has had to get there.
import { workerData } from 'worker_threads';
import { hookQueueAtomics } from './queue-atomics-hooks';
import { WAITING, WAITS, WaiterData } from './waiter-protocol';

const { queue, state } = workerData as WaiterData;
const cells = new Int32Array(state);
// Taken before the hooks wrap Atomics: the hooks' own writes are not the subject's.
const { add, store } = Atomics;

hookQueueAtomics(queue, {
  beforeWait: () => add(cells, WAITS, 1),
  waiting: (blocked) => store(cells, WAITING, blocked ? 1 : 0),
});
