/** A lock that works across worker threads. */
export class Mutex {
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {}

  lock(): void {
    // TODO: take the lock, waiting while another worker holds it.
  }

  unlock(): void {
    // TODO: release the lock and wake one waiting worker.
  }

  withLock<T>(criticalSection: () => T): T {
    // TODO: run criticalSection while holding the lock, and always release it.
    return criticalSection();
  }
}
