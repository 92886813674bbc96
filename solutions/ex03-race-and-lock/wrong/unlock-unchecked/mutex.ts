// The three values of the shared cell. Only the worker holding the lock ever sets it back to FREE.
const FREE = 0;
const HELD = 1;
const HELD_WITH_WAITERS = 2;

/**
 * A mutual-exclusion lock for worker threads. Its whole state is one Int32 in a SharedArrayBuffer,
 * so every Mutex built on the same buffer (one per worker) is the same lock.
 *
 * Taking the lock is a single compare-and-exchange, so two workers can never both see "free" and
 * both take it. A worker that finds the lock held marks it "held with waiters" and sleeps in
 * Atomics.wait; unlock wakes one sleeper only when that mark says someone may be asleep.
 */
export class Mutex {
  readonly buffer: SharedArrayBuffer;
  private readonly cell: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.cell = new Int32Array(buffer, 0, 1);
  }

  lock(): void {
    // Fast path: free -> held in one atomic step.
    let seen = Atomics.compareExchange(this.cell, 0, FREE, HELD);
    if (seen === FREE) return;
    // Slow path: announce that someone is waiting. Swapping in HELD_WITH_WAITERS also takes the
    // lock if it was freed in the meantime (we then hold it, marked as possibly contended).
    if (seen !== HELD_WITH_WAITERS) seen = Atomics.exchange(this.cell, 0, HELD_WITH_WAITERS);
    while (seen !== FREE) {
      // Sleeps only if the cell still says HELD_WITH_WAITERS, so a wake-up cannot be missed.
      Atomics.wait(this.cell, 0, HELD_WITH_WAITERS);
      seen = Atomics.exchange(this.cell, 0, HELD_WITH_WAITERS);
    }
  }

  unlock(): void {
    // mistake: frees the lock whatever state it is in, so unlocking a free mutex goes unnoticed
    Atomics.store(this.cell, 0, FREE);
    Atomics.notify(this.cell, 0, 1);
  }

  withLock<T>(criticalSection: () => T): T {
    this.lock();
    try {
      return criticalSection();
    } finally {
      this.unlock();
    }
  }
}
