const FREE = 0;
const HELD = 1;

/** Mistake: looks at the lock with Atomics.load, then takes it with Atomics.store, in two steps. */
export class Mutex {
  readonly buffer: SharedArrayBuffer;
  private readonly cell: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.cell = new Int32Array(buffer, 0, 1);
  }

  lock(): void {
    while (Atomics.load(this.cell, 0) === HELD) Atomics.wait(this.cell, 0, HELD);
    // Another worker can get here too before either store below is seen.
    Atomics.store(this.cell, 0, HELD);
  }

  unlock(): void {
    if (Atomics.load(this.cell, 0) !== HELD)
      throw new Error('unlock() called on a mutex that is not locked');
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
