import { workerData, parentPort } from 'worker_threads';
import { arriveAndWait } from '@course/testkit/barrier';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';

const { lockBuffer, counterBuffer, increments } = workerData as {
  lockBuffer: SharedArrayBuffer;
  counterBuffer: SharedArrayBuffer;
  increments: number;
};
const mutex = new Mutex(lockBuffer);
const counter = new Int32Array(counterBuffer);
arriveAndWait();
for (let i = 0; i < increments; i++) {
  mutex.withLock(() => {
    counter[0] = counter[0] + 1;
  });
}
parentPort!.postMessage('done');
