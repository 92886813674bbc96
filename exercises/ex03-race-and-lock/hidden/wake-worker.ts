// Runs in a worker: says it has arrived, then takes and releases the subject's lock many times,
// stopped once in a while just after a wake-up (./wake-steps.ts).
import { parentPort, workerData } from 'worker_threads';
import { enterCriticalSection, leaveCriticalSection } from './wake-steps';
import './wait-until-woken';
import { arriveAndWait } from '@course/testkit/barrier';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';

const { lockBuffer, counterBuffer, arrivedBuffer, times } = workerData as {
  lockBuffer: SharedArrayBuffer;
  counterBuffer: SharedArrayBuffer;
  arrivedBuffer: SharedArrayBuffer;
  times: number;
};
const mutex = new Mutex(lockBuffer);
const counter = new Int32Array(counterBuffer);

arriveAndWait();
Atomics.add(new Int32Array(arrivedBuffer), 0, 1);
for (let i = 0; i < times; i++) {
  mutex.lock();
  enterCriticalSection();
  counter[0] = counter[0] + 1;
  leaveCriticalSection();
  mutex.unlock();
}
parentPort!.postMessage('done');
