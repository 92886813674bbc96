/**
 * A lock that works across worker threads.
 *
 * Every worker builds its own Mutex object, but all of them are given the same SharedArrayBuffer,
 * so the lock's state must live in that buffer (read and change it with Atomics), not in a field
 * of this object.
 */
export class Mutex {
  readonly buffer: SharedArrayBuffer;

  /** Pass the buffer of an existing Mutex to get the same lock in another worker. */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
  }

  /** Takes the lock, waiting (ideally asleep, not spinning) while another worker holds it. */
  lock(): void {
    // TODO: take the lock in one atomic step; if it is held, wait until it is released.
  }

  /** Releases the lock and wakes one waiting worker. Throws if the mutex is not locked. */
  unlock(): void {
    // TODO: release the lock, wake a waiter, and refuse to unlock a mutex that is not locked.
  }

  /** Runs `criticalSection` while holding the lock, and releases it however the section ends. */
  withLock<T>(criticalSection: () => T): T {
    // TODO: take the lock first, and make sure it is released even if criticalSection throws.
    return criticalSection();
  }
}
