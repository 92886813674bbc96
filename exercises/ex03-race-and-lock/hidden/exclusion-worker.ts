// Runs in a worker: enters a deliberately non-atomic critical section many times under the
// subject's Mutex, with an occupancy probe around it. Odd workers use withLock, even ones lock/unlock.
// noise.ts must come first: it wraps Atomics.load before the subject's code is loaded.
import './noise';
import { parentPort, workerData } from 'worker_threads';
import { arriveAndWait } from '@course/testkit/barrier';
import { OccupancyProbe } from '@course/testkit/occupancy';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';

const { lockBuffer, probeBuffer, valueBuffer, times, index } = workerData as {
  lockBuffer: SharedArrayBuffer;
  probeBuffer: SharedArrayBuffer;
  valueBuffer: SharedArrayBuffer;
  times: number;
  index: number;
};
const mutex = new Mutex(lockBuffer);
const probe = new OccupancyProbe(probeBuffer);
const value = new Int32Array(valueBuffer);
let scratch = index;

function criticalSection(): void {
  probe.enter();
  const before = value[0];
  // A little work between the read and the write keeps two unprotected workers inside together.
  for (let step = 0; step < 16; step++) scratch = (Math.imul(scratch, 31) + step) | 0;
  value[0] = before + 1;
  probe.leave();
}

arriveAndWait();
for (let i = 0; i < times; i++) {
  if (index % 2 === 1) {
    mutex.withLock(criticalSection);
  } else {
    mutex.lock();
    try {
      criticalSection();
    } finally {
      mutex.unlock();
    }
  }
}
parentPort!.postMessage({ scratch });
