import type { Mutex } from './mutex';

export function countWithoutLock(counter: Int32Array, times: number): void {
  for (let i = 0; i < times; i++) {
    const value = counter[0];
    counter[0] = value + 1;
  }
}

/** Mistake: the count came out short, so the update was made atomic instead of fixing the lock. */
export function countWithLock(counter: Int32Array, times: number, mutex: Mutex): void {
  for (let i = 0; i < times; i++) {
    mutex.withLock(() => {
      Atomics.add(counter, 0, 1);
    });
  }
}
