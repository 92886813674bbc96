// One preempter (see ./preempt): sleep for a few microseconds, wake, repeat until told to stop.
import { workerData } from 'worker_threads';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const activity = require('../runtime/thread-activity') as {
  markInert(): void;
  otherWorkerRunning(): boolean;
};

const { stopFlag, intervalMs } = workerData as { stopFlag: SharedArrayBuffer; intervalMs: number };
/**
 * While no other worker runs there is nothing to interrupt: the preempter then wakes only this
 * often to look again, so that a test whose every thread sleeps for good uses no processor time
 * and the hang watch can call it hung in a second instead of at its limit.
 */
const IDLE_LOOK_MS = 1;
const stop = new Int32Array(stopFlag);
const sleeper = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
// It wakes nobody and settles nothing, so the hang watch leaves it out of what may still run.
activity.markInert();
while (Atomics.load(stop, 0) === 0)
  Atomics.wait(sleeper, 0, 0, activity.otherWorkerRunning() ? intervalMs : IDLE_LOOK_MS);
