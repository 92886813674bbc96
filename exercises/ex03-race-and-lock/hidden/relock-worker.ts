// Runs in a worker, for call sequences on one lock (sequences.test.ts):
//   'twice': lock() through its own Mutex, then lock() again through the same object. The lock has
//            no owner, so the second call must wait until some thread unlocks it.
//   'hold':  lock(), say so, hold it a little, set flags[0] = 1, then unlock(): whoever gets the
//            lock afterwards must see the flag set.
import { parentPort, workerData } from 'worker_threads';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';

export interface RelockJob {
  mode: 'twice' | 'hold';
  lockBuffer: SharedArrayBuffer;
  flags: SharedArrayBuffer;
}

const { mode, lockBuffer, flags } = workerData as RelockJob;
const mutex = new Mutex(lockBuffer);
const cells = new Int32Array(flags);
mutex.lock();
parentPort!.postMessage('locked');
if (mode === 'twice') {
  mutex.lock();
  parentPort!.postMessage('locked again');
} else {
  Atomics.wait(cells, 1, 0, 300);
  Atomics.store(cells, 0, 1);
  mutex.unlock();
}
