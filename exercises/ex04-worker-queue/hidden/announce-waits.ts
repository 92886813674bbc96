// Imported by ./waiter.ts before the subject: the test can read in the worker's state cells
// whether the worker is blocked in Atomics.wait on the queue's memory, and which wait it is,
// instead of guessing from how long it has had to get there; and it can stop the worker just
// after a wait returns, so that the test acts before the woken worker does.
import { workerData } from 'worker_threads';
import { hookQueueAtomics } from './queue-atomics-hooks';
import { HELD, HOLD_AFTER_WAKE, WAITING, WAITS, WaiterData } from './waiter-protocol';

const { queue, state } = workerData as WaiterData;
const cells = new Int32Array(state);
// Taken before the hooks wrap Atomics: the hooks' own writes are not the subject's.
const { add, compareExchange, load, store, wait } = Atomics;
/** The longest the test may keep the worker stopped after a wake-up. */
const HOLD_LIMIT_MS = 2000;

hookQueueAtomics(queue, {
  beforeWait: () => add(cells, WAITS, 1),
  waiting: (blocked) => store(cells, WAITING, blocked ? 1 : 0),
  afterWait: () => {
    if (compareExchange(cells, HOLD_AFTER_WAKE, 1, 0) !== 1) return;
    store(cells, HELD, 1);
    // Bounded: a design in which the woken thread must act before anyone else can (a lock handed
    // to the woken waiter, say) is slowed, never stopped.
    const until = Date.now() + HOLD_LIMIT_MS;
    while (load(cells, HELD) === 1 && Date.now() < until) wait(cells, HELD, 1, until - Date.now());
    store(cells, HELD, 0);
  },
});
