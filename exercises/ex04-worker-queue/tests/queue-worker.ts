// Runs in a worker thread: a producer that puts numbered items, or a consumer that gets a fixed
// number of items and reports what it received.
import { parentPort, workerData } from 'worker_threads';
import { arriveAndWait } from '@course/testkit/barrier';
// Before the queue: it must find Atomics as the stops wrap it (when they are asked for).
import { finished, readStopped } from './read-stops';
import { BlockingQueue } from '@subject/ex04-worker-queue/blocking-queue';
import { OrderWatch } from './queue-items';
import { consume, produce } from './queue-roles';

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
  produce(data, (item) => readStopped(() => queue.put(item)));
  finished();
  parentPort!.postMessage({ done: true });
} else {
  const report = consume(data, () => readStopped(() => queue.get()));
  finished();
  parentPort!.postMessage(report);
}
