// A task held by the test: it enters the probe, posts its result, reports in, and then waits
// (still running) until the test releases its turn. Only then does it leave the probe and end,
// or throw `fail` when it was told to fail.
import { parentPort, workerData } from 'worker_threads';
import { OccupancyProbe } from '@course/testkit/occupancy';

const { control, probe, result, turn, fail } = workerData as {
  control: SharedArrayBuffer;
  probe: SharedArrayBuffer;
  result: unknown;
  turn: number;
  fail?: string;
};
// The cells of `control`, as in held.ts (kept apart so this worker loads nothing else).
const [ARRIVED, RELEASED, FINISHED] = [0, 1, 2];
const cells = new Int32Array(control);
const inside = new OccupancyProbe(probe);

inside.enter();
parentPort!.postMessage(result);
Atomics.add(cells, ARRIVED, 1);
// RELEASED counts turns let go so far: a task goes once its own turn has come.
for (let released = Atomics.load(cells, RELEASED); released < turn;) {
  Atomics.wait(cells, RELEASED, released);
  released = Atomics.load(cells, RELEASED);
}
inside.leave();
Atomics.add(cells, FINISHED, 1);
Atomics.notify(cells, FINISHED);
if (fail !== undefined) throw new Error(fail);
