// What the test and a stepped lock worker (./stepped-lock-worker.ts) agree on.

export interface SteppedLockData {
  /**
   * 'holder': wait for the test's LOCK, lock(), wait for its UNLOCK, then unlock().
   * 'taker': lock() at once, then unlock().
   */
  role: 'holder' | 'taker';
  lockBuffer: SharedArrayBuffer;
  /**
   * OCCUPANCY_CELLS Int32 cells shared by all the stepped workers on one lock: how many of them
   * are between lock() returning and calling unlock(), and the most there ever were at once.
   */
  occupancy: SharedArrayBuffer;
  /** STEPPED_LOCK_CELLS Int32 cells below. */
  state: SharedArrayBuffer;
}

/** The holder has the lock (and keeps it until UNLOCK). */
export const LOCKED = 0;
/** The test sets this to 1 to make the holder unlock. */
export const UNLOCK = 1;
/**
 * The test sets this to 1 to stop the worker once, just after its next Atomics.notify on the
 * lock; or to 2, just after its next Atomics.wait on the lock returns. Both are moments at which
 * any thread may be paused. The worker clears it when it stops.
 */
export const HOLD_AT = 2;
export const AFTER_NOTIFY = 1;
export const AFTER_WAKE = 2;
/** 1 while the worker is stopped there; the test sets it to 0 (and notifies) to let it go on. */
export const HELD = 3;
/** 1 once the worker's unlock() has returned. */
export const UNLOCKED = 4;
/** The taker is about to call lock(). */
export const TRYING = 5;
/** 1 once the taker's lock() has returned. */
export const GOT = 6;
/** 1 while the worker is blocked in Atomics.wait on the lock's memory. */
export const WAITING = 7;
/** How many times the worker has entered Atomics.wait on the lock's memory. */
export const WAITS = 8;
/** The test sets this to 1 to make the holder lock. */
export const LOCK = 9;

/** Cells of `occupancy`. */
export const OCCUPIED = 0;
export const MOST_OCCUPIED = 1;
export const OCCUPANCY_CELLS = 2;
/** 1 once the worker is running. */
export const READY = 10;
export const STEPPED_LOCK_CELLS = 11;
