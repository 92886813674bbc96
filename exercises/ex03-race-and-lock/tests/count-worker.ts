// Runs in a worker: waits at the start barrier with the others, then counts with the subject's code.
// First, before the code under test loads: the tally of critical sections leaves workerData.
import { tallied } from './section-tally';
import { parentPort, workerData } from 'worker_threads';
import { arriveAndWait } from '@course/testkit/barrier';
import { countWithLock, countWithoutLock } from '@subject/ex03-race-and-lock/counter';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';

const { counterBuffer, lockBuffer, times } = workerData as {
  counterBuffer: SharedArrayBuffer;
  /** Absent: count without a lock. */
  lockBuffer?: SharedArrayBuffer;
  times: number;
};
const counter = new Int32Array(counterBuffer);
const mutex = lockBuffer ? tallied(new Mutex(lockBuffer)) : undefined;

arriveAndWait();
if (mutex) {
  countWithLock(counter, times, mutex.mutex);
  mutex.done();
} else countWithoutLock(counter, times);
parentPort!.postMessage('done');
