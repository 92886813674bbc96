// What the test and a paused consumer worker (./paused-consumer.ts) agree on.

export interface PausedConsumerData {
  queue: SharedArrayBuffer;
  /** How many items the worker takes with get(), one after another. */
  items: number;
  /** The real pause after each atomic write the worker (that is, the queue's code) makes. */
  pauseMs: number;
  /** Int32 cells READY and RECEIVED below. */
  progress: SharedArrayBuffer;
  /** One Int32 cell per item: what each get() returned. */
  got: SharedArrayBuffer;
}

/** Set to 1 once the worker is about to make its first get(). */
export const READY = 0;
/** How many get() calls have returned; bumped (and notified) after each. */
export const RECEIVED = 1;
