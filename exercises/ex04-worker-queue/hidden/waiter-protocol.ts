// What the test and a waiter worker (./waiter.ts) agree on.

export interface WaiterData {
  /**
   * Each round, 'getter': get(), then put(ECHO); 'putter': put(putterItem(r)), then get();
   * 'taker': get() only.
   */
  role: 'getter' | 'putter' | 'taker';
  queue: SharedArrayBuffer;
  rounds: number;
  /** STATE_CELLS Int32 cells: GO, CALLING, WAITING, WAITS, the holds and TIMED_OUT below. */
  state: SharedArrayBuffer;
}

/** The test sets this cell to r + 1 to start round r. */
export const GO = 0;
/** The worker sets this cell to r + 1 just before its call in round r: it is about to wait. */
export const CALLING = 1;
/** 1 while the worker is blocked in Atomics.wait on the queue's memory (./announce-waits.ts). */
export const WAITING = 2;
/** How many times the worker has entered Atomics.wait on the queue's memory. */
export const WAITS = 3;
/**
 * The test sets this to 1 to stop the worker once, just after its next Atomics.wait on the
 * queue's memory returns (a moment at which any thread may be paused); the worker clears it when
 * it stops there.
 */
export const HOLD_AFTER_WAKE = 4;
/** 1 while the worker is stopped there; the test sets it to 0 (and notifies) to let it go on. */
export const HELD = 5;
/**
 * The test sets this to 1 to stop the worker once, just before its next Atomics.wait on the
 * queue's memory is made (it has found the queue empty or full and is on its way to sleep); the
 * worker clears it when it stops there.
 */
export const HOLD_BEFORE_WAIT = 6;
/** 1 while the worker is stopped there; the test sets it to 0 (and notifies) to let it go on. */
export const HELD_BEFORE_WAIT = 7;
/** How many of the worker's waits on the queue's memory ended because their time-out ran out. */
export const TIMED_OUT = 8;
/**
 * The test sets this to 1 to stop the worker once, at its first atomic read-modify-write on the
 * queue's memory after its next Atomics.wait there returns: where a woken get or put goes back for
 * the lock, after any plain reads it makes first (a count read outside the lock, say). The worker
 * clears it when its wait returns, and stops with HELD set, as after HOLD_AFTER_WAKE.
 */
export const HOLD_AT_RELOCK = 9;
export const STATE_CELLS = 10;

export interface WaiterReport {
  round: number;
  /** What the worker's get() returned in this round. */
  item: number;
}

/** What a getter puts back after each get, so that the test's own get never waits forever. */
export const ECHO = 999_999;
/** What a putter puts in round r. */
export const putterItem = (round: number) => 500_000 + round;
