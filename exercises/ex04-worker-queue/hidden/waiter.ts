// Runs in a worker thread: one side of a hand-over with the test's main thread, round after round.
// The test takes (or fills) what this worker is waiting for before the worker can wake up, so a
// wake-up that is not checked again shows as an item taken twice or written over.
import { callReturned } from './announce-waits';
import { parentPort, workerData } from 'worker_threads';
import { BlockingQueue } from '@subject/ex04-worker-queue/blocking-queue';
import { CALLING, ECHO, GO, WaiterData, WaiterReport, putterItem } from './waiter-protocol';

const data = workerData as WaiterData;
const queue = BlockingQueue.attach(data.queue);
const state = new Int32Array(data.state);

for (let round = 0; round < data.rounds; round++) {
  Atomics.wait(state, GO, round);
  Atomics.store(state, CALLING, round + 1);
  let item: number;
  if (data.role === 'getter') {
    item = queue.get();
    callReturned();
    queue.put(ECHO);
  } else if (data.role === 'taker') {
    item = queue.get();
  } else {
    queue.put(putterItem(round));
    callReturned();
    item = queue.get();
  }
  const report: WaiterReport = { round, item };
  parentPort!.postMessage(report);
}
