// What the test and a stepped worker (./stepped.ts) agree on.

export interface SteppedData {
  /** The one call the worker makes: get(), or put(item). */
  call: 'get' | 'put';
  item: number;
  /**
   * Where the worker stops until the test lets it go on: just before its first Atomics.wait on
   * the queue's memory, or just after its first Atomics.notify there. Both are moments at which
   * any thread may be paused for any time, so a correct queue works whichever it is.
   */
  holdAt: 'first-wait' | 'first-notify';
  queue: SharedArrayBuffer;
  /** STEPPED_CELLS Int32 cells below. */
  state: SharedArrayBuffer;
}

/** 1 while the worker is stopped at its hold point. */
export const HELD = 0;
/** The test sets this to 1 to let the worker go on from its hold point. */
export const GO_ON = 1;
/** 1 while the worker is blocked in Atomics.wait on the queue's memory. */
export const WAITING = 2;
/** 1 once the worker's call has returned. */
export const DONE = 3;
/** What its get() returned. */
export const GOT = 4;
/** How many times the worker has entered Atomics.wait on the queue's memory. */
export const WAITS = 5;
export const STEPPED_CELLS = 6;
