/** Mistake: the lock's state is a field of this object, so each worker has a lock of its own. */
export class Mutex {
  readonly buffer: SharedArrayBuffer;
  private locked = false;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
  }

  lock(): void {
    while (this.locked) {
      // wait for the holder to unlock
    }
    this.locked = true;
  }

  unlock(): void {
    if (!this.locked) throw new Error('unlock() called on a mutex that is not locked');
    this.locked = false;
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
