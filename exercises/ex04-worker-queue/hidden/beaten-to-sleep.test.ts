import * as path from 'path';
import { Worker } from 'worker_threads';
import { because } from '@course/testkit';
import { BlockingQueue } from '@subject/ex04-worker-queue/blocking-queue';
import { until } from '../tests/queue-traffic';
import {
  ECHO,
  HELD_BEFORE_WAIT,
  STATE_CELLS,
  TIMED_OUT,
  WaiterData,
  WaiterReport,
  putterItem,
} from './waiter-protocol';
import { startRoundStoppedBeforeWait } from './waiter-hold';

const WAITER = path.join(__dirname, 'waiter.ts');
const ROUNDS = 4;
/** A worker that has not stopped on its way to sleep by then never sleeps on the queue (it polls). */
const ON_ITS_WAY_LIMIT_MS = 5000;
/** A wait that has been beaten to its sleep returns at once; 3 s without it means it never will. */
const WOKEN_LIMIT_MS = 3000;

/**
 * One round: the worker's put or get is stopped just before its first Atomics.wait on the queue's
 * memory (it has found the queue full or empty and released the lock), `change` makes the room or
 * the item it waits for, then the worker goes on. Resolves with what the worker's call returned
 * (undefined if it did not within WOKEN_LIMIT_MS) and how many of its waits in the round ended
 * by their own time-out.
 */
async function beatToSleep(
  worker: Worker,
  cells: Int32Array,
  reports: WaiterReport[],
  round: number,
  change: () => void,
) {
  const failed = () => worker.threadId < 0;
  const timedOutBefore = Atomics.load(cells, TIMED_OUT);
  await startRoundStoppedBeforeWait(
    cells,
    round,
    () => reports.length > round || failed(),
    ON_ITS_WAY_LIMIT_MS,
  );
  change();
  Atomics.store(cells, HELD_BEFORE_WAIT, 0);
  Atomics.notify(cells, HELD_BEFORE_WAIT);
  const wokenBy = Date.now() + WOKEN_LIMIT_MS;
  await until(() => reports.length > round || failed() || Date.now() > wokenBy);
  return {
    returned: reports[round]?.item,
    waitsEndedByTimeOut: Atomics.load(cells, TIMED_OUT) - timedOutBefore,
  };
}

function startWaiter(role: WaiterData['role'], queue: BlockingQueue) {
  const state = new SharedArrayBuffer(STATE_CELLS * Int32Array.BYTES_PER_ELEMENT);
  const data: WaiterData = { role, queue: queue.buffer, rounds: ROUNDS, state };
  const worker = new Worker(WAITER, { workerData: data });
  const reports: WaiterReport[] = [];
  worker.on('message', (report: WaiterReport) => reports.push(report));
  worker.on('error', () => undefined);
  return { worker, cells: new Int32Array(state), reports };
}

test('a get or put beaten to its sleep by the put or get it waits for goes on at once, not after a time-out', async () => {
  // The worker's call has found the queue empty (or full) and is about to sleep in Atomics.wait
  // when it is stopped; only then does the main thread put the item (or take one, making room),
  // and the worker goes on. The notify of that put or get came before the worker slept, so it
  // woke nobody: the worker must see the change and not sleep at all. A wait on a value that the
  // change did not touch sleeps next to the item, until a time-out (if it has one) rescues it.
  const emptyQueue = BlockingQueue.create(1);
  const getter = startWaiter('getter', emptyQueue);
  const fullQueue = BlockingQueue.create(1);
  const putter = startWaiter('putter', fullQueue);
  for (let round = 0; round < ROUNDS; round++) {
    const item = 100 + round;
    const got = await beatToSleep(getter.worker, getter.cells, getter.reports, round, () =>
      emptyQueue.put(item),
    );
    because(
      `round ${round}: a get() on an empty queue was on its way to sleep when ${item} was put; it must take ${item} without sleeping next to it (observed: what it returned within 3 s, and how many of its waits ended only because their time-out ran out)`,
      () => expect(got).toEqual({ returned: item, waitsEndedByTimeOut: 0 }),
    );
    because(`round ${round}: the worker put ${ECHO} back after its get()`, () =>
      expect(emptyQueue.get()).toBe(ECHO),
    );

    const fill = 200 + round;
    fullQueue.put(fill);
    let freed: number | undefined;
    const put = await beatToSleep(putter.worker, putter.cells, putter.reports, round, () => {
      freed = fullQueue.get();
    });
    because(
      `round ${round}: a put() on a full queue was on its way to sleep when ${fill} was taken out; it must put its item into that room without sleeping (observed: what the main thread took, what the worker's next get() returned within 3 s, and how many of its waits ended only because their time-out ran out)`,
      () =>
        expect({ freed, ...put }).toEqual({
          freed: fill,
          returned: putterItem(round),
          waitsEndedByTimeOut: 0,
        }),
    );
  }
});
