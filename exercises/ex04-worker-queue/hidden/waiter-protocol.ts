// What the test and a waiter worker (./waiter.ts) agree on.

export interface WaiterData {
  /**
   * Each round, 'getter': get(), then put(ECHO); 'putter': put(putterItem(r)), then get();
   * 'taker': get() only.
   */
  role: 'getter' | 'putter' | 'taker';
  queue: SharedArrayBuffer;
  rounds: number;
  /** Two Int32 cells, GO and CALLING below. */
  state: SharedArrayBuffer;
}

/** The test sets this cell to r + 1 to start round r. */
export const GO = 0;
/** The worker sets this cell to r + 1 just before its call in round r: it is about to wait. */
export const CALLING = 1;

export interface WaiterReport {
  round: number;
  /** What the worker's get() returned in this round. */
  item: number;
}

/** What a getter puts back after each get, so that the test's own get never waits forever. */
export const ECHO = 999_999;
/** What a putter puts in round r. */
export const putterItem = (round: number) => 500_000 + round;
