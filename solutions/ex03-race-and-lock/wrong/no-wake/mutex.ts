const UNLOCKED = 0;
const LOCKED = 1;
const CONTENDED = 2;

/** A futex-style lock whose state lives in shared memory, so every worker sees the same lock. */
export class Mutex {
  private readonly state: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.state = new Int32Array(buffer);
  }

  lock(): void {
    let seen = Atomics.compareExchange(this.state, 0, UNLOCKED, LOCKED);
    if (seen === UNLOCKED) return;
    do {
      if (
        seen === CONTENDED ||
        Atomics.compareExchange(this.state, 0, LOCKED, CONTENDED) !== UNLOCKED
      ) {
        Atomics.wait(this.state, 0, CONTENDED);
      }
      seen = Atomics.compareExchange(this.state, 0, UNLOCKED, CONTENDED);
    } while (seen !== UNLOCKED);
  }

  unlock(): void {
    const previous = Atomics.sub(this.state, 0, 1);
    if (previous === UNLOCKED) {
      Atomics.store(this.state, 0, UNLOCKED);
      throw new Error('unlock() called on a mutex that is not locked');
    }
    if (previous === CONTENDED) {
      Atomics.store(this.state, 0, UNLOCKED);
      // forgot to wake
    }
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
