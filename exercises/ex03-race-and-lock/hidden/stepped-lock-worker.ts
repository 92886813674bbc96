// Runs in a worker: one lock() and unlock() on the subject's mutex, in steps the test controls
// (./stepped-lock-protocol.ts).
import './lock-steps';
import { workerData } from 'worker_threads';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';
import {
  GOT,
  LOCK,
  LOCKED,
  MOST_OCCUPIED,
  OCCUPIED,
  READY,
  SteppedLockData,
  TRYING,
  UNLOCK,
  UNLOCKED,
} from './stepped-lock-protocol';

const { role, lockBuffer, occupancy, state } = workerData as SteppedLockData;
const cells = new Int32Array(state);
const occupied = new Int32Array(occupancy);
const mutex = new Mutex(lockBuffer);

/** Counted atomically at the moment of entry: a sample taken by the test could miss a short stay. */
function enter(): void {
  const inside = Atomics.add(occupied, OCCUPIED, 1) + 1;
  for (;;) {
    const most = Atomics.load(occupied, MOST_OCCUPIED);
    if (inside <= most || Atomics.compareExchange(occupied, MOST_OCCUPIED, most, inside) === most)
      break;
  }
}

Atomics.store(cells, READY, 1);
if (role === 'holder') {
  while (Atomics.load(cells, LOCK) === 0) Atomics.wait(cells, LOCK, 0);
  mutex.lock();
  enter();
  Atomics.store(cells, LOCKED, 1);
  while (Atomics.load(cells, UNLOCK) === 0) Atomics.wait(cells, UNLOCK, 0);
} else {
  Atomics.store(cells, TRYING, 1);
  mutex.lock();
  enter();
  Atomics.store(cells, GOT, 1);
}
Atomics.sub(occupied, OCCUPIED, 1);
mutex.unlock();
Atomics.store(cells, UNLOCKED, 1);
