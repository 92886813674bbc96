/**
 * A meeting point with patience, for checking parallelism structurally rather than by speed:
 * every party arrives, then waits until `parties` have arrived or its patience runs out. Work that
 * is run one piece after another can never have two parties here at once, so a "parallel" pool
 * that is really sequential is told apart without timing anything. Put an OccupancyProbe's
 * enter() before meet() and leave() after the work: a parallel run then reaches 2 on the probe.
 *
 * meet() blocks its thread (Atomics.wait): call it in workers, never on a test's main thread.
 */
const ARRIVED = 0;

export function createRendezvous(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

/** Worker side: arrive, then wait for the others; false when patience ran out first. */
export function meet(rendezvous: SharedArrayBuffer, parties: number, patienceMs: number): boolean {
  const cells = new Int32Array(rendezvous);
  Atomics.add(cells, ARRIVED, 1);
  Atomics.notify(cells, ARRIVED);
  const deadline = Date.now() + patienceMs;
  for (;;) {
    const arrived = Atomics.load(cells, ARRIVED);
    if (arrived >= parties) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    Atomics.wait(cells, ARRIVED, arrived, left);
  }
}

/** Main side: how many parties have arrived so far (never blocks). */
export function arrivals(rendezvous: SharedArrayBuffer): number {
  return Atomics.load(new Int32Array(rendezvous), ARRIVED);
}
