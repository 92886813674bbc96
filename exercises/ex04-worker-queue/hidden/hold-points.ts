// Imported by ./stepped.ts before the subject: the worker stops once at the hold point the test
// chose (./stepped-protocol.ts), and shows when it is blocked in a wait on the queue.
import { workerData } from 'worker_threads';
import { hookQueueAtomics } from './queue-atomics-hooks';
import { GO_ON, HELD, SteppedData, WAITING, WAITS } from './stepped-protocol';

const { queue, state, holdAt } = workerData as SteppedData;
const cells = new Int32Array(state);
// Taken before the hooks wrap Atomics: the hold's own waits are not the subject's.
const { add, load, store, wait } = Atomics;
let held = false;

function holdOnce(): void {
  if (held) return;
  held = true;
  store(cells, HELD, 1);
  while (load(cells, GO_ON) === 0) wait(cells, GO_ON, 0);
  store(cells, HELD, 0);
}

hookQueueAtomics(queue, {
  beforeWait: () => {
    if (holdAt === 'first-wait') holdOnce();
    add(cells, WAITS, 1);
  },
  waiting: (blocked) => store(cells, WAITING, blocked ? 1 : 0),
  afterNotify: () => {
    if (holdAt === 'first-notify') holdOnce();
  },
});
