const FREE = 0;
const HELD = 1;
const HELD_WITH_WAITERS = 2;

/** How long a waiter sleeps before it looks at the lock again, even if nobody woke it. */
const RECHECK_MS = 5;

/**
 * A compare-and-exchange lock whose waiters sleep with a time-out: a waiter marks the lock as
 * wanted, sleeps at most RECHECK_MS, and tries again whether or not it was woken. unlock still
 * wakes one sleeper when the mark says someone waits, so the time-out is a safety net that makes
 * a missed wake-up cost milliseconds instead of a deadlock, not the way waiters normally get in.
 */
export class Mutex {
  readonly buffer: SharedArrayBuffer;
  private readonly cell: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.cell = new Int32Array(buffer, 0, 1);
  }

  lock(): void {
    if (Atomics.compareExchange(this.cell, 0, FREE, HELD) === FREE) return;
    for (;;) {
      // Marking it wanted takes the lock if it was freed meanwhile (the mark may then be stale,
      // which only costs one notify with nobody to wake).
      const seen = Atomics.compareExchange(this.cell, 0, HELD, HELD_WITH_WAITERS);
      if (seen === FREE && Atomics.compareExchange(this.cell, 0, FREE, HELD_WITH_WAITERS) === FREE)
        return;
      Atomics.wait(this.cell, 0, HELD_WITH_WAITERS, RECHECK_MS);
    }
  }

  unlock(): void {
    const seen = Atomics.exchange(this.cell, 0, FREE);
    if (seen === FREE) throw new Error('unlock() called on a mutex that is not locked');
    if (seen === HELD_WITH_WAITERS) Atomics.notify(this.cell, 0, 1);
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
