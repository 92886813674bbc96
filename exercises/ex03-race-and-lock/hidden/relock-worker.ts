// Runs in a worker, for call sequences on one lock (sequences.test.ts):
//   'twice': lock() through its own Mutex, then lock() again through the same object. The lock has
//            no owner, so the second call must wait until some thread unlocks it.
//   'hold':  lock(), say so, hold it a little, set flags[0] = 1, then unlock(): whoever gets the
//            lock afterwards must see the flag set.
import { parentPort, workerData } from 'worker_threads';
import './woken-after-unlock';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';

export interface RelockJob {
  mode: 'twice' | 'hold';
  lockBuffer: SharedArrayBuffer;
  flags: SharedArrayBuffer;
  /**
   * Set to 1 by whichever thread unlocks for the other once its unlock() has returned: the main
   * thread in 'twice' (./woken-after-unlock.ts), the worker in 'hold' (sequences.test.ts).
   */
  unlockReturned: SharedArrayBuffer;
}

const { mode, lockBuffer, flags, unlockReturned } = workerData as RelockJob;
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
  // The main thread, woken by this unlock(), goes on only now (see sequences.test.ts).
  const returned = new Int32Array(unlockReturned);
  Atomics.store(returned, 0, 1);
  Atomics.notify(returned, 0);
}
