const FREE = 0;
const HELD = 1;

/** Mistake: a check-then-set spin lock (load, then store), which lets two workers in at once. */
export class Mutex {
  readonly buffer: SharedArrayBuffer;
  private readonly cell: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.cell = new Int32Array(buffer, 0, 1);
  }

  lock(): void {
    while (Atomics.load(this.cell, 0) !== FREE) {
      // spin until it looks free
    }
    Atomics.store(this.cell, 0, HELD);
  }

  unlock(): void {
    if (Atomics.load(this.cell, 0) !== HELD)
      throw new Error('unlock() called on a mutex that is not locked');
    Atomics.store(this.cell, 0, FREE);
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
