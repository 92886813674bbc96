import { workerData } from 'worker_threads';
import { until } from './until';

/**
 * A start barrier for worker tests: every worker reports in, then all are released at once.
 * Without it, worker start-up (~40 ms each) staggers the workers so they rarely overlap and a
 * broken lock passes by luck; with it, overlap is guaranteed (see shared notes: 0/20 vs 20/20).
 */
const ARRIVED = 0;
const RELEASED = 1;

export function createBarrier(): SharedArrayBuffer {
  return new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
}

/** Worker side: report in and block until released. */
export function arriveAndWait(
  barrier: SharedArrayBuffer = (workerData as { barrier: SharedArrayBuffer }).barrier,
): void {
  const cells = new Int32Array(barrier);
  Atomics.add(cells, ARRIVED, 1);
  Atomics.notify(cells, ARRIVED);
  Atomics.wait(cells, RELEASED, 0);
}

/**
 * Main side: resolves once `parties` workers have arrived, then releases them together.
 * `giveUp` is polled too, so a worker that died before arriving does not keep this loop alive.
 */
export async function releaseWhenAllArrive(
  barrier: SharedArrayBuffer,
  parties: number,
  giveUp: () => boolean = () => false,
): Promise<void> {
  const cells = new Int32Array(barrier);
  await until(() => Atomics.load(cells, ARRIVED) >= parties || giveUp());
  if (Atomics.load(cells, ARRIVED) < parties) return;
  Atomics.store(cells, RELEASED, 1);
  Atomics.notify(cells, RELEASED);
}
