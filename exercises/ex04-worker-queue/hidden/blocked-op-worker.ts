// One operation that must wait: on a queue filled to its capacity, one more put; on an empty
// queue, a get. The worker says 'ready' just before the operation and 'returned' (with what get
// gave) once it returns, so the test can watch for a wait that ends too early. From 'ready' on,
// the worker's clock runs ahead by every time-out it waits for (warp-clock.ts), so a wait with a
// hidden give-up time gives up during the watch, however long that time.
import { parentPort, workerData } from 'worker_threads';
import { startWarp } from './warp-clock';
import { BlockingQueue } from '@subject/ex04-worker-queue/blocking-queue';

export interface BlockedOpJob {
  queue: SharedArrayBuffer;
  /** put: fill the queue with `fill` items first, then put one more (the item `last`). */
  op: 'put' | 'get';
  fill: number;
  last: number;
}

export type BlockedOpReport = { event: 'ready' } | { event: 'returned'; item?: number };

const job = workerData as BlockedOpJob;
const queue = BlockingQueue.attach(job.queue);
const say = (report: BlockedOpReport) => parentPort!.postMessage(report);
if (job.op === 'put') {
  for (let item = 0; item < job.fill; item++) queue.put(item);
  say({ event: 'ready' });
  startWarp();
  queue.put(job.last);
  say({ event: 'returned' });
} else {
  say({ event: 'ready' });
  startWarp();
  say({ event: 'returned', item: queue.get() });
}
