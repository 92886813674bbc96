const FREE = 0;
const HELD = 1;

/**
 * A two-state futex lock: the cell only says free or held, so unlock cannot know whether anyone
 * sleeps and always calls Atomics.notify (a wasted call when nobody waits). A worker that finds
 * the lock held sleeps until the cell changes, then tries its compare-and-exchange again.
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
      // Sleeps only while the cell still says HELD, so an unlock in between is never missed.
      Atomics.wait(this.cell, 0, HELD);
    }
  }

  unlock(): void {
    if (Atomics.compareExchange(this.cell, 0, HELD, FREE) !== HELD)
      throw new Error('unlock() called on a mutex that is not locked');
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
