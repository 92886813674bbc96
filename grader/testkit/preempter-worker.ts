// One preempter (see ./preempt): sleep for a few microseconds, wake, repeat until told to stop.
import { workerData } from 'worker_threads';

const { stopFlag, intervalMs } = workerData as { stopFlag: SharedArrayBuffer; intervalMs: number };
const stop = new Int32Array(stopFlag);
const sleeper = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
while (Atomics.load(stop, 0) === 0) Atomics.wait(sleeper, 0, 0, intervalMs);
