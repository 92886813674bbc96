// What the generated-schedules test and its steered traffic workers (./wake-steered-worker.ts)
// agree on. The workers steer one race on purpose: a get (put) woken from its wait is stopped
// where it next goes for the lock until the item (room) it was woken for has been taken by
// another consumer (producer). Any thread may be paused there, so a correct queue sends the woken
// call back to waiting; one that does not check again after waking takes an item that is not
// there (writes over one).

export const PRODUCER = 0;
export const CONSUMER = 1;
export type Side = typeof PRODUCER | typeof CONSUMER;

export interface WakeSteerData {
  /** WAKE_STEER_CELLS Int32 cells below, shared by every worker of one schedule. */
  steer: SharedArrayBuffer;
  producers: number;
  consumers: number;
  capacity: number;
  /**
   * Stops each worker may make after an unlocked read (./wake-steer.ts, `readStop`); 0 or absent:
   * none, only the wake-ups are steered.
   */
  readStops?: number;
  /**
   * Once this many puts and gets of the schedule have returned, the steering is over and every
   * worker calls the queue directly: its bookkeeping on shared cells would slow a long run of
   * hundreds of thousands of calls. Absent: steered to the end.
   */
  steeredCalls?: number;
}

/** 0, or 1 + the side of the worker stopped now: the other side is kept out of new calls. */
export const HELD_SIDE = 0;
/**
 * How many more stops that end with what was woken for taken each side may make (+ side); a stop
 * that runs out of time ends its side's.
 */
export const STOPS_LEFT = 1;
/** Calls that returned: puts, then gets. */
export const PUTS_DONE = 3;
export const GETS_DONE = 4;
/** Calls begun and not yet returned, per side (+ side). */
export const IN_CALL = 5;
/** Workers of each side that have made all their calls (+ side). */
export const FINISHED = 7;
/** Calls of the kept-out side let through while the stopped worker's peers are all asleep. */
export const TICKETS = 9;
/** Stops made, for the test's report (+ side). */
export const STOPS_MADE = 10;
/**
 * How many more stops of any end each side may make (+ side): a stop ends early, with nothing
 * taken, when no peer can take what the stopped worker was woken for.
 */
export const TRIES_LEFT = 12;
/** 1 while a worker is stopped after an unlocked read: one such stop at a time. */
export const READ_HELD = 14;
/** 1 once `steeredCalls` calls have returned: nothing is steered or counted any more. */
export const STEER_OVER = 15;
/**
 * 1 while the workers count their sleeps in SLEEPING and SLEEPS (./sleep-first.ts): a test can
 * then see that a worker is asleep on the queue's memory.
 */
export const SLEEP_WATCH = 16;
/** Workers of each side blocked in Atomics.wait on the queue's memory now (+ side). */
export const SLEEPING = 17;
/** Waits on the queue's memory each side has entered so far (+ side). */
export const SLEEPS = 19;
/** Where the sleep-first steering is (./sleep-first.ts): NOT_SLEEP_FIRST, or one of its phases. */
export const SLEEP_PHASE = 21;
/** Where the last-puts end game is (./last-puts.ts): LAST_PUTS_OFF, or one of its phases. */
export const LAST_PUTS_PHASE = 22;
/** Producers that have come to their last put (kept out of it while the end game gathers). */
export const AT_LAST_PUT = 23;
/** Gets begun while the end game may keep the consumers out. */
export const GETS_BEGUN = 24;
/** GETS_DONE when the end game let the consumers in again. */
export const GETS_AT_RELEASE = 25;
/** 1 once the end game has stopped the producer woken first. */
export const WOKEN_STOPPED = 26;
/**
 * Late notifies still to force (./late-notify.ts): holds of a producer before its notify that
 * ended with the consumer asleep on the emptied queue. 0 unless the steer was made with
 * `lateNotify`.
 */
export const NOTIFY_HOLDS_LEFT = 27;
/** Such holds still to try, whatever their end. */
export const NOTIFY_TRIES_LEFT = 28;
export const WAKE_STEER_CELLS = 29;

export const NOT_SLEEP_FIRST = 0;
/** Producers are kept out until every consumer sleeps on the empty queue. */
export const CONSUMERS_ASLEEP = 1;
/** Consumers are kept out of new calls until every producer sleeps on the full queue. */
export const PRODUCER_ASLEEP = 2;
export const SLEEP_FIRST_OVER = 3;

export const LAST_PUTS_OFF = 0;
/** Each producer is kept out of its last put until every producer is at its last put. */
export const GATHERING = 1;
/** The last puts go in; the consumers stay out until the queue is full and they all sleep. */
export const LAST_PUTS_ASLEEP = 2;
/** The consumers are in again; the first producer woken is stopped until two gets returned. */
export const WOKEN_HELD = 3;
export const LAST_PUTS_OVER = 4;

/** Stops per side and schedule: each one forces the race for a queue that does not check again. */
export const STOPS_PER_SIDE = 2;
export const TRIES_PER_SIDE = 8;
/** Late notifies forced per schedule, and holds tried for them. */
export const NOTIFY_HOLDS = 3;
export const NOTIFY_TRIES = 12;
/**
 * A read stop comes after the 1st, 2nd, ... READ_TARGETS-th unlocked read of a call, in turn from
 * one call to the next, in the first READ_STOP_CALLS calls of each worker.
 */
export const READ_TARGETS = 4;
export const READ_STOP_CALLS = 64;

/**
 * `sleepFirst`: the schedule starts with each side asleep in turn (./sleep-first.ts).
 * `lastPutsAsleep`: it ends with the producers asleep in their last puts (./last-puts.ts).
 * `lateNotify`: between the two, a few puts' notifies land late, on a consumer that has taken the
 * item and fallen asleep on the empty queue (./late-notify.ts).
 * `watchSleeps`: the workers count their sleeps, for a test that waits until one is asleep.
 * `wakeStops: false`: no woken call is stopped (the read stops are asked for in the worker's data).
 */
export function createWakeSteer(
  options: {
    sleepFirst?: boolean;
    lastPutsAsleep?: boolean;
    lateNotify?: boolean;
    watchSleeps?: boolean;
    wakeStops?: boolean;
  } = {},
): SharedArrayBuffer {
  const steer = new SharedArrayBuffer(WAKE_STEER_CELLS * Int32Array.BYTES_PER_ELEMENT);
  const cells = new Int32Array(steer);
  if (options.lastPutsAsleep) cells[LAST_PUTS_PHASE] = GATHERING;
  if (options.lateNotify) {
    cells[NOTIFY_HOLDS_LEFT] = NOTIFY_HOLDS;
    cells[NOTIFY_TRIES_LEFT] = NOTIFY_TRIES;
  }
  if (options.sleepFirst) {
    cells[SLEEP_PHASE] = CONSUMERS_ASLEEP;
    cells[HELD_SIDE] = CONSUMER + 1;
  }
  if (options.sleepFirst || options.watchSleeps) cells[SLEEP_WATCH] = 1;
  if (options.wakeStops === false) return steer;
  cells[STOPS_LEFT + PRODUCER] = STOPS_PER_SIDE;
  cells[STOPS_LEFT + CONSUMER] = STOPS_PER_SIDE;
  cells[TRIES_LEFT + PRODUCER] = TRIES_PER_SIDE;
  cells[TRIES_LEFT + CONSUMER] = TRIES_PER_SIDE;
  return steer;
}
