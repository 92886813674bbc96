// Runs in a worker: takes the lock once through its own Mutex on the shared buffer, and says so.
import { parentPort, workerData } from 'worker_threads';
import { arriveAndWait } from '@course/testkit/barrier';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';
import { GOT_LOCK, TRYING } from './helpers';

const { lockBuffer, flagsBuffer } = workerData as {
  lockBuffer: SharedArrayBuffer;
  flagsBuffer: SharedArrayBuffer;
};
const flags = new Int32Array(flagsBuffer);
const mutex = new Mutex(lockBuffer);

arriveAndWait();
Atomics.store(flags, TRYING, 1);
mutex.lock();
Atomics.store(flags, GOT_LOCK, 1);
mutex.unlock();
parentPort!.postMessage('done');
