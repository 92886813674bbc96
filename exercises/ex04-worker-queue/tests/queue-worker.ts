// Runs in a worker thread: a producer that puts numbered items, or a consumer that gets a fixed
// number of items and reports what it received.
import { parentPort, workerData } from 'worker_threads';
import { arriveAndWait } from '@course/testkit/barrier';
import { BlockingQueue } from '@subject/ex04-worker-queue/blocking-queue';
import { OrderWatch, itemOf } from './queue-items';

export type QueueWorkerData =
  | {
      role: 'producer';
      queue: SharedArrayBuffer;
      producer: number;
      items: number;
      /** Counts the puts that have returned, so a test can see how far the producer got. */
      progress?: SharedArrayBuffer;
      barrier?: SharedArrayBuffer;
    }
  | {
      role: 'consumer';
      queue: SharedArrayBuffer;
      items: number;
      /**
       * Given: count each item received in this shared tally (one cell per item number) and
       * report a summary instead of the list, which is much cheaper for 100,000s of items.
       */
      tally?: SharedArrayBuffer;
      /** Set to 1 just before the first get, so a test knows the consumer is about to wait. */
      ready?: SharedArrayBuffer;
      barrier?: SharedArrayBuffer;
    };

/** What a consumer sends back. */
export interface ConsumerReport {
  /** Every item in the order received (only without a tally). */
  received?: unknown[];
  /** With a tally: how many gets returned, and a few values that are not items at all. */
  count?: number;
  notItems?: unknown[];
  /** The first item of a producer that came after a later item of the same producer. */
  orderViolation?: ReturnType<OrderWatch['see']>;
}

const data = workerData as QueueWorkerData;
const queue = BlockingQueue.attach(data.queue);
if (data.barrier) arriveAndWait(data.barrier);

if (data.role === 'producer') {
  const progress = data.progress ? new Int32Array(data.progress) : undefined;
  for (let seq = 0; seq < data.items; seq++) {
    queue.put(itemOf(data.producer, seq));
    if (progress) Atomics.add(progress, 0, 1);
  }
  parentPort!.postMessage({ done: true });
} else if (data.tally) {
  const tally = new Int32Array(data.tally);
  const order = new OrderWatch();
  const notItems: unknown[] = [];
  let orderViolation: ConsumerReport['orderViolation'];
  for (let count = 0; count < data.items; count++) {
    const item: unknown = queue.get();
    if (typeof item === 'number' && Number.isInteger(item) && item >= 0 && item < tally.length) {
      Atomics.add(tally, item, 1);
      orderViolation ??= order.see(item);
    } else if (notItems.length < 5) {
      notItems.push(item);
    }
  }
  const report: ConsumerReport = { count: data.items, notItems, orderViolation };
  parentPort!.postMessage(report);
} else {
  if (data.ready) Atomics.store(new Int32Array(data.ready), 0, 1);
  const received: unknown[] = [];
  for (let count = 0; count < data.items; count++) received.push(queue.get());
  const report: ConsumerReport = { received };
  parentPort!.postMessage(report);
}
