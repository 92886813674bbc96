/**
 * Counts who is inside a region at the same moment, across workers. Put enter()/leave() around a
 * critical section: a correct lock keeps the maximum at 1; a parallel pool should reach 2 or more.
 * This is how tests check mutual exclusion and parallelism structurally, never by wall-clock.
 */
const CURRENT = 0;
const MAXIMUM = 1;

export class OccupancyProbe {
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.cells = new Int32Array(buffer);
  }

  enter(): void {
    const now = Atomics.add(this.cells, CURRENT, 1) + 1;
    let seen = Atomics.load(this.cells, MAXIMUM);
    while (now > seen) {
      const previous = Atomics.compareExchange(this.cells, MAXIMUM, seen, now);
      if (previous === seen) break;
      seen = previous;
    }
  }

  leave(): void {
    Atomics.sub(this.cells, CURRENT, 1);
  }

  get current(): number {
    return Atomics.load(this.cells, CURRENT);
  }

  get maximum(): number {
    return Atomics.load(this.cells, MAXIMUM);
  }
}
