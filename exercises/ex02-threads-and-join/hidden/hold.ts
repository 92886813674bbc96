// A task held by the test: it enters the probe, posts its result, reports in, and then waits
// (still running) until the test releases it. Only then does it leave the probe and end.
import { parentPort, workerData } from 'worker_threads';
import { OccupancyProbe } from '@course/testkit/occupancy';

const { control, probe, result } = workerData as {
  control: SharedArrayBuffer;
  probe: SharedArrayBuffer;
  result: unknown;
};
// The cells of `control`, as in held.ts (kept apart so this worker loads nothing else).
const [ARRIVED, RELEASED, FINISHED] = [0, 1, 2];
const cells = new Int32Array(control);
const inside = new OccupancyProbe(probe);

inside.enter();
parentPort!.postMessage(result);
Atomics.add(cells, ARRIVED, 1);
Atomics.wait(cells, RELEASED, 0);
inside.leave();
Atomics.add(cells, FINISHED, 1);
