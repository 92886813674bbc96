import type { Mutex } from './mutex';

/**
 * Step 1, observe the race: add 1 to counter[0], `times` times, the naive way: read the value,
 * add one, write it back. No Atomics here: the point is to see what this does in ten workers.
 */
export function countWithoutLock(counter: Int32Array, times: number): void {
  // TODO: a loop of plain read-add-write updates of counter[0].
}

/** Step 2: the same read-add-write updates, each one made while holding `mutex`. */
export function countWithLock(counter: Int32Array, times: number, mutex: Mutex): void {
  // TODO: the same loop, with every update inside the lock.
}
