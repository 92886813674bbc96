// Runs in a worker thread: a producer or consumer whose wake-ups are steered (./wake-steer.ts), so
// that a woken put or get always finds what it was woken for taken by a peer.
import { finished, steeredCall } from './wake-steer';
import { parentPort, workerData } from 'worker_threads';
import { arriveAndWait } from '@course/testkit/barrier';
import { BlockingQueue } from '@subject/ex04-worker-queue/blocking-queue';
import { consume, produce } from '../tests/queue-roles';
import type { QueueWorkerData } from '../tests/queue-worker';

const data = workerData as QueueWorkerData;
const queue = BlockingQueue.attach(data.queue);
if (data.barrier) arriveAndWait(data.barrier);

if (data.role === 'producer') {
  produce(data, (item) => steeredCall(() => queue.put(item)));
  finished();
  parentPort!.postMessage({ done: true });
} else {
  const report = consume(data, () => steeredCall(() => queue.get()));
  finished();
  parentPort!.postMessage(report);
}
