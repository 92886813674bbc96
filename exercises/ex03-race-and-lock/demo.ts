// See the race for yourself (not graded): from the course folder, run
//   node -r ./grader/runtime/register.js exercises/ex03-race-and-lock/demo.ts
// It starts ten workers that each add 1,000,000 to one shared counter, first with your
// countWithoutLock, then with your countWithLock and your Mutex, and prints what they got.
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { countWithLock, countWithoutLock } from './counter';
import { Mutex } from './mutex';

const WORKERS = 10;
const TIMES = 1_000_000;

interface Job {
  counterBuffer: SharedArrayBuffer;
  lockBuffer?: SharedArrayBuffer;
  startBuffer: SharedArrayBuffer;
}

function runInWorker({ counterBuffer, lockBuffer, startBuffer }: Job): void {
  const counter = new Int32Array(counterBuffer);
  // Wait for the start signal, so that all ten begin together.
  Atomics.wait(new Int32Array(startBuffer), 0, 0);
  if (lockBuffer) countWithLock(counter, TIMES, new Mutex(lockBuffer));
  else countWithoutLock(counter, TIMES);
  parentPort!.postMessage('done');
}

async function countTogether(withLock: boolean): Promise<void> {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const start = new Int32Array(new SharedArrayBuffer(4));
  const job: Job = {
    counterBuffer: counter.buffer as SharedArrayBuffer,
    lockBuffer: withLock ? new Mutex().buffer : undefined,
    startBuffer: start.buffer as SharedArrayBuffer,
  };
  const workers = Array.from(
    { length: WORKERS },
    () => new Worker(__filename, { workerData: job }),
  );
  await Promise.all(
    workers.map((worker) => new Promise((resolve) => worker.once('online', resolve))),
  );
  const began = Date.now();
  Atomics.store(start, 0, 1);
  Atomics.notify(start, 0);
  await Promise.all(
    workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve))),
  );
  const total = Atomics.load(counter, 0);
  const expected = WORKERS * TIMES;
  console.log(
    `${withLock ? 'with the lock   ' : 'without a lock  '} ${total.toLocaleString('en-US').padStart(10)} of ${expected.toLocaleString('en-US')}` +
      ` (${(expected - total).toLocaleString('en-US')} updates lost) in ${Date.now() - began} ms`,
  );
}

if (isMainThread) {
  (async () => {
    await countTogether(false);
    await countTogether(true);
  })();
} else {
  runInWorker(workerData as Job);
}
