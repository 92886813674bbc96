// Two workers making one call each on a queue of capacity 1, each stopped once on the way
// (./stepped.ts): a waiter stopped just before it sleeps, and the put or get it waits for stopped
// just after its first notify.
import * as path from 'path';
import { Worker } from 'worker_threads';
import { BlockingQueue } from '@subject/ex04-worker-queue/blocking-queue';
import { pause } from '../tests/queue-traffic';
import {
  DONE,
  GO_ON,
  GOT,
  HELD,
  STEPPED_CELLS,
  SteppedData,
  WAITING as STEPPED_WAITING,
  WAITS as STEPPED_WAITS,
} from './stepped-protocol';
import { fallenAsleep } from './fallen-asleep';
import { SETTLE_MS, WOKEN_LIMIT_MS } from './waiter-rounds';

const STEPPED = path.join(__dirname, 'stepped.ts');
export const FIRST_ITEM = 7;
const WAITER_ITEM = 8;
export const OTHER_ITEM = 9;
/** Starting a worker can take seconds on a busy machine; a correct queue never needs this long. */
const STEP_LIMIT_MS = 10_000;

/** A worker making one call that stops once on the way (./stepped.ts), and what the test sees of it. */
function startStepped(
  queue: BlockingQueue,
  call: SteppedData['call'],
  holdAt: SteppedData['holdAt'],
  item = 0,
) {
  const state = new SharedArrayBuffer(STEPPED_CELLS * Int32Array.BYTES_PER_ELEMENT);
  const cells = new Int32Array(state);
  const data: SteppedData = { call, item, holdAt, queue: queue.buffer, state };
  const worker = new Worker(STEPPED, { workerData: data });
  let failure: Error | undefined;
  let exited = false;
  worker.once('error', (error) => (failure = error));
  worker.once('exit', () => (exited = true));
  const done = () => Atomics.load(cells, DONE) === 1;
  return {
    done,
    held: () => Atomics.load(cells, HELD) === 1,
    waiting: () => Atomics.load(cells, STEPPED_WAITING) === 1,
    waits: () => Atomics.load(cells, STEPPED_WAITS),
    got: () => (done() ? Atomics.load(cells, GOT) : undefined),
    over: () => done() || exited || failure !== undefined,
    failure: () => failure?.message,
    goOn: () => {
      Atomics.store(cells, GO_ON, 1);
      Atomics.notify(cells, GO_ON);
    },
    stop: () => worker.terminate(),
  };
}

/** Waits until `condition()` holds or `ms` have passed; whether it holds. */
async function within(ms: number, condition: () => boolean): Promise<boolean> {
  const giveUpAt = Date.now() + ms;
  while (!condition() && Date.now() < giveUpAt) await pause(5);
  return condition();
}

/**
 * One thread waits (a get on the empty queue, or a put on the full one) and is stopped just
 * before it goes to sleep: it has looked and released the queue's lock. The other side (a put,
 * or a get) then makes its change and is stopped just after its first notify. The waiter goes to
 * sleep, and only then does the other side finish its call. Any thread may be paused at those
 * moments, so the waiter must wake up: a notify made before the change the waiter waits on is
 * complete wakes nobody, and nothing wakes it afterwards.
 */
export async function signalAfterItsNotify(full: boolean) {
  const queue = BlockingQueue.create(1);
  if (full) queue.put(FIRST_ITEM);
  const waiter = startStepped(queue, full ? 'put' : 'get', 'first-wait', WAITER_ITEM);
  const started = [waiter];
  try {
    await within(STEP_LIMIT_MS, () => waiter.held() || waiter.over());
    const other = startStepped(queue, full ? 'get' : 'put', 'first-notify', OTHER_ITEM);
    started.push(other);
    await within(STEP_LIMIT_MS, () => other.held() || other.over());
    waiter.goOn();
    await fallenAsleep({ ...waiter, settleMs: SETTLE_MS });
    other.goOn();
    const woken = await within(WOKEN_LIMIT_MS, () => waiter.over());
    await within(WOKEN_LIMIT_MS, () => other.over());
    return {
      waiterReturned: woken && waiter.done(),
      otherReturned: other.done(),
      got: full ? other.got() : waiter.got(),
      sizeAfter: queue.size,
      errors: [waiter.failure(), other.failure()].filter((message) => message !== undefined),
    };
  } finally {
    for (const worker of started) worker.goOn();
    await Promise.all(started.map((worker) => worker.stop()));
  }
}
