// Imported by ./waiter.ts before the subject: the test can read in the worker's state cells
// whether the worker is blocked in Atomics.wait on the queue's memory, which wait it is, and how
// its waits ended, instead of guessing from how long it has had to get there; and it can stop the
// worker just before a wait is made, just after one returns, or where the woken worker next goes
// for the lock, so that the test acts there.
import { workerData } from 'worker_threads';
import { hookQueueAtomics } from './queue-atomics-hooks';
import {
  HELD,
  HELD_BEFORE_WAIT,
  HOLD_AFTER_WAKE,
  HOLD_AT_RELOCK,
  HOLD_BEFORE_WAIT,
  TIMED_OUT,
  WAITING,
  WAITS,
  WaiterData,
} from './waiter-protocol';

const { queue, state } = workerData as WaiterData;
const cells = new Int32Array(state);
// Taken before the hooks wrap Atomics: the hooks' own writes are not the subject's.
const { add, compareExchange, load, store, wait } = Atomics;
/** The longest the test may keep the worker stopped. */
const HOLD_LIMIT_MS = 2000;

/** Stops here while the test keeps `held` at 1. */
function stopWhile(held: number): void {
  store(cells, held, 1);
  // Bounded: a design in which this thread must act before anyone else can (a lock handed to the
  // woken waiter, say) is slowed, never stopped.
  const until = Date.now() + HOLD_LIMIT_MS;
  while (load(cells, held) === 1 && Date.now() < until) wait(cells, held, 1, until - Date.now());
  store(cells, held, 0);
}

/** Set when a wait returned with HOLD_AT_RELOCK asked for: stop at the next update. */
let relockHold = false;

/** The worker's call returned: a relock hold it never reached is not carried into the next one. */
export function callReturned(): void {
  relockHold = false;
}

hookQueueAtomics(queue, {
  beforeWait: () => {
    add(cells, WAITS, 1);
    if (compareExchange(cells, HOLD_BEFORE_WAIT, 1, 0) === 1) stopWhile(HELD_BEFORE_WAIT);
  },
  waiting: (blocked) => store(cells, WAITING, blocked ? 1 : 0),
  afterWait: (outcome) => {
    if (outcome === 'timed-out') add(cells, TIMED_OUT, 1);
    if (compareExchange(cells, HOLD_AFTER_WAKE, 1, 0) === 1) stopWhile(HELD);
    else if (compareExchange(cells, HOLD_AT_RELOCK, 1, 0) === 1) relockHold = true;
  },
  beforeUpdate: () => {
    if (!relockHold) return;
    relockHold = false;
    stopWhile(HELD);
  },
});
