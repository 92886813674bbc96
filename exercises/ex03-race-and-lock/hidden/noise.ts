// Imported by a worker before the subject's code. Every so often, an Atomics.load on the lock's
// own buffer is followed by a short sleep. A correct lock cannot care: whatever it read may be out
// of date by the time it acts, so it acts with an atomic compare-and-exchange anyway. A lock that
// loads "free" and then stores "held" is caught in the act far more often: while it sleeps between
// the two steps, another worker runs, reads "free" too, and both walk in. (Noise injection: the
// way tools like IBM's ConTest make rare interleavings common, without changing what is correct.)
import { workerData } from 'worker_threads';

const EVERY = 64;
const SLEEP_MS = 0.2;

const { lockBuffer } = workerData as { lockBuffer: SharedArrayBuffer };
const realLoad = Atomics.load;
const nap = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
let loads = 0;

function loadWithNoise(typedArray: Int32Array, index: number): number {
  const value = realLoad(typedArray, index);
  if (typedArray.buffer === lockBuffer && ++loads % EVERY === 0) Atomics.wait(nap, 0, 0, SLEEP_MS);
  return value;
}

(Atomics as unknown as { load: typeof loadWithNoise }).load = loadWithNoise;
