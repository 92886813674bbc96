// Runs in a worker: takes items with get(), one at a time, and reports each through shared cells.
// Every atomic write made in this worker (by the queue's code) is followed by a short real pause.
// That stretches each gap in get() between publishing state and acting on it (for example between
// releasing the queue's lock and reading the wake-up signal) so that a put made by the main thread
// can land inside it.
import { workerData } from 'worker_threads';
import { add, notify, store } from './pause-after-atomic-writes';
import { BlockingQueue } from '@subject/ex04-worker-queue/blocking-queue';
import { PausedConsumerData, READY, RECEIVED } from './paused-consumer-protocol';

const data = workerData as PausedConsumerData;
const progress = new Int32Array(data.progress);
const got = new Int32Array(data.got);

const queue = BlockingQueue.attach(data.queue);
store(progress, READY, 1);
for (let index = 0; index < data.items; index++) {
  store(got, index, queue.get());
  add(progress, RECEIVED, 1);
  notify(progress, RECEIVED);
}
