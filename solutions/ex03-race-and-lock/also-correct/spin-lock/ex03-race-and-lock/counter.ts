import type { Mutex } from './mutex';

/**
 * Adds 1 to counter[0], `times` times, the naive way: read the value, add one, write it back.
 * Run alone it is exact; run in several workers at once it loses updates.
 */
export function countWithoutLock(counter: Int32Array, times: number): void {
  for (let i = 0; i < times; i++) {
    const value = counter[0];
    counter[0] = value + 1;
  }
}

/** The same read-add-write, with every update made while holding `mutex`. */
export function countWithLock(counter: Int32Array, times: number, mutex: Mutex): void {
  for (let i = 0; i < times; i++) {
    mutex.withLock(() => {
      const value = counter[0];
      counter[0] = value + 1;
    });
  }
}
