// Runs in a worker: makes one call on the queue, stopping once on the way where the test chose
// (./hold-points.ts), and says when the call has returned.
import './hold-points';
import { workerData } from 'worker_threads';
import { BlockingQueue } from '@subject/ex04-worker-queue/blocking-queue';
import { DONE, GOT, SteppedData } from './stepped-protocol';

const { call, item, queue, state } = workerData as SteppedData;
const cells = new Int32Array(state);
const attached = BlockingQueue.attach(queue);

if (call === 'get') Atomics.store(cells, GOT, attached.get());
else attached.put(item);
Atomics.store(cells, DONE, 1);
