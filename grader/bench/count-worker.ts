import { parentPort, workerData } from 'worker_threads';
import { arriveAndWait } from '../testkit/barrier';

// One worker of the counter benchmark: the same 10 x N workload under each strategy.
const { strategy, counterBuffer, lockBuffer, increments } = workerData as {
  strategy: 'unlocked' | 'atomics-add' | 'spin-lock' | 'futex-lock';
  counterBuffer: SharedArrayBuffer;
  lockBuffer: SharedArrayBuffer;
  increments: number;
};
const counter = new Int32Array(counterBuffer);
const lock = new Int32Array(lockBuffer);

function spinLock(): void {
  while (Atomics.compareExchange(lock, 0, 0, 1) !== 0);
}
function spinUnlock(): void {
  Atomics.store(lock, 0, 0);
}
// Three states (0 free, 1 held, 2 held with waiters), so an uncontended unlock never calls notify.
function futexLock(): void {
  let seen = Atomics.compareExchange(lock, 0, 0, 1);
  if (seen === 0) return;
  do {
    if (seen === 2 || Atomics.compareExchange(lock, 0, 1, 2) !== 0) Atomics.wait(lock, 0, 2);
    seen = Atomics.compareExchange(lock, 0, 0, 2);
  } while (seen !== 0);
}
function futexUnlock(): void {
  if (Atomics.sub(lock, 0, 1) !== 1) {
    Atomics.store(lock, 0, 0);
    Atomics.notify(lock, 0, 1);
  }
}

arriveAndWait();
for (let i = 0; i < increments; i++) {
  if (strategy === 'atomics-add') Atomics.add(counter, 0, 1);
  else if (strategy === 'unlocked') counter[0] = counter[0] + 1;
  else if (strategy === 'spin-lock') {
    spinLock();
    counter[0] = counter[0] + 1;
    spinUnlock();
  } else {
    futexLock();
    counter[0] = counter[0] + 1;
    futexUnlock();
  }
}
parentPort!.postMessage('done');
