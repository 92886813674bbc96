// Runs in a worker: takes the lock through its own Mutex and ends holding it, so that the test can
// release it from another thread (the lock has no owner).
import { parentPort, workerData } from 'worker_threads';
import { arriveAndWait } from '@course/testkit/barrier';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';

const { lockBuffer } = workerData as { lockBuffer: SharedArrayBuffer };

arriveAndWait();
new Mutex(lockBuffer).lock();
parentPort!.postMessage('locked');
