// Runs in a worker: says it has arrived, then takes and releases the subject's lock many times.
import { parentPort, workerData } from 'worker_threads';
import { arriveAndWait } from '@course/testkit/barrier';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';

const { lockBuffer, counterBuffer, arrivedBuffer, times } = workerData as {
  lockBuffer: SharedArrayBuffer;
  counterBuffer: SharedArrayBuffer;
  arrivedBuffer: SharedArrayBuffer;
  times: number;
};
// unlock() must wake a waiting worker, not leave it to a time-out (the README's promise): here a
// wait sleeps until it is woken, whatever time-out the lock gives it.
const waitUntilWoken = Atomics.wait;
Atomics.wait = ((array: Int32Array, index: number, value: number) =>
  waitUntilWoken(array, index, value)) as typeof Atomics.wait;

const mutex = new Mutex(lockBuffer);
const counter = new Int32Array(counterBuffer);

arriveAndWait();
Atomics.add(new Int32Array(arrivedBuffer), 0, 1);
for (let i = 0; i < times; i++) {
  mutex.lock();
  counter[0] = counter[0] + 1;
  mutex.unlock();
}
parentPort!.postMessage('done');
