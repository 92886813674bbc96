// Imported by a worker before the subject's code. Now and then, an Atomics.load that finds the
// lock's cell at 0 (a fresh buffer is all zeros and a fresh mutex is free, so 0 means "free") is
// followed by a 1 ms sleep. A correct lock cannot care: whatever it read may be out of date by the
// time it acts, so it takes the lock with an atomic compare-and-exchange anyway. A lock that loads
// "free" and then stores "held" is caught in the act: while it sleeps between its two steps,
// another worker runs, reads "free" too, and both walk in. This is noise injection, the way tools
// such as IBM's ConTest make rare interleavings common without changing what is correct. On a
// loaded two-core machine it took the load-then-store locks from 3 runs in 5 caught to 110 of 110.
import { workerData } from 'worker_threads';

const EVERY = 128;
const SLEEP_MS = 1;

const { lockBuffer } = workerData as { lockBuffer: SharedArrayBuffer };
const realLoad = Atomics.load;
const nap = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
let freeLoads = 0;

function loadWithNoise(typedArray: Int32Array, index: number): number {
  const value = realLoad(typedArray, index);
  if (value === 0 && typedArray.buffer === lockBuffer && ++freeLoads % EVERY === 0)
    Atomics.wait(nap, 0, 0, SLEEP_MS);
  return value;
}

(Atomics as unknown as { load: typeof loadWithNoise }).load = loadWithNoise;
