const FREE = 0;
const HELD = 1;

/**
 * A correct but busy lock: a compare-and-exchange spin lock. It never sleeps, so a waiting worker
 * burns its core until the holder lets go. Kept to prove that the tests accept any correct lock,
 * not only the futex-style reference, within their time limits on two cores.
 */
export class Mutex {
  readonly buffer: SharedArrayBuffer;
  private readonly cell: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.cell = new Int32Array(buffer, 0, 1);
  }

  lock(): void {
    while (Atomics.compareExchange(this.cell, 0, FREE, HELD) !== FREE) {
      // spin: someone else holds it
    }
  }

  unlock(): void {
    if (Atomics.compareExchange(this.cell, 0, HELD, FREE) !== HELD)
      throw new Error('unlock() called on a mutex that is not locked');
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
