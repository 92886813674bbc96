// Worker side of the late-notify steering (createWakeSteer({ lateNotify: true })), used by
// ./wake-steer.ts. A put adds its item, releases the lock and then calls Atomics.notify; a
// producer descheduled between the two lets the consumer take that item unwoken (or woken by
// another put), find the queue empty and sleep again, and the late notify then wakes it with
// nothing there. A get that looks at the count again after waking goes back to sleep; one that
// checked it with `if` takes a slot already taken (an item twice, or out of its producer's order).
// The scheduler made that happen in about one run in twenty, so here it is made on purpose:
//
// A producer about to notify on the queue's memory is held there, the other producers kept out of
// new calls, until the consumer sleeps on the queue's memory in a wait it entered after the hold
// began, and has stayed in that same wait for the sleep-first settle (./sleep-first.ts); then the
// notify goes on, and the other producers stay out until the consumer has acted on it. If the
// consumer stays asleep in a wait it entered before the hold (the held notify is the one it waits
// for, or another put's), one put of another producer is let through to wake it; if nothing moves
// after that either, only the held notify can wake it, and the hold ends with nothing forced.
//
// One producer at a time, in the traffic after the sleep-first phases (until the last-puts end
// game, ./last-puts.ts, where the schedule has one; else to the end), at most NOTIFY_HOLDS forced
// holds and NOTIFY_TRIES holds in all a schedule. Each hold, and each wait after a forced one for
// the consumer to act, ends after HOLD_LIMIT_MS at the latest, and one that runs that long ends
// these holds for the schedule: a design that notifies while it holds the lock (the consumer
// cannot get in to take the item, and unless its lock sleeps it never settles in a wait) is
// slowed, never stopped.
import { sleepersSettled } from './sleep-first';
import {
  AT_LAST_PUT,
  CONSUMER,
  CONSUMERS_ASLEEP,
  FINISHED,
  GATHERING,
  GETS_DONE,
  HELD_SIDE,
  IN_CALL,
  LAST_PUTS_OFF,
  LAST_PUTS_PHASE,
  NOTIFY_HOLDS_LEFT,
  NOTIFY_TRIES_LEFT,
  PRODUCER,
  PRODUCER_ASLEEP,
  PUTS_DONE,
  SLEEP_PHASE,
  SLEEP_WATCH,
  SLEEPING,
  SLEEPS,
  STEER_OVER,
  Side,
  TICKETS,
} from './wake-steer-protocol';

// Taken before ./wake-steer.ts wraps Atomics: the steering's own steps are not the subject's.
const { add, compareExchange, load, notify, store, sub, wait } = Atomics;
/** Each hold ends by then at the latest; one that runs that long ends the holds. */
const HOLD_LIMIT_MS = 2000;
/**
 * Nothing has moved for this long: the consumer sleeps in a wait it entered before the hold. Longer
 * than the settle, so that a consumer that has just fallen asleep is not woken by the put let
 * through before it has settled.
 */
const STILL_MS = 40;
/** The consumer is still in the wait it settled in this long after the put: not woken by it. */
const WOKEN_MS = 200;

export interface LateNotify {
  /** Before an Atomics.notify on the queue's memory made in this worker's `call`-th call. */
  beforeNotify(call: number): void;
  /** This worker's call has returned (or thrown). */
  callEnded(): void;
}

const NO_HOLDS: LateNotify = { beforeNotify: () => undefined, callEnded: () => undefined };

export function lateNotify(
  cells: Int32Array,
  side: Side,
  workers: number[],
  capacity: number,
): LateNotify {
  if (side !== PRODUCER || load(cells, NOTIFY_HOLDS_LEFT) <= 0) return NO_HOLDS;
  const settled = sleepersSettled(cells);
  const napCell = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  /**
   * The call under way whose notify was held to the end (one a put; -1: none), and the consumer's
   * gets and sleeps then.
   */
  const forced = { call: -1, gets: 0, sleeps: 0 };
  const consumerAtWork = () => load(cells, FINISHED + CONSUMER) < workers[CONSUMER];
  const moves = () =>
    load(cells, PUTS_DONE) +
    load(cells, GETS_DONE) +
    load(cells, SLEEPS + CONSUMER) +
    load(cells, FINISHED + PRODUCER);

  /** Between the sleep-first phases and the end game, with holds left. */
  function mayHold(): boolean {
    if (load(cells, NOTIFY_HOLDS_LEFT) <= 0 || load(cells, NOTIFY_TRIES_LEFT) <= 0) return false;
    if (load(cells, STEER_OVER) === 1 || !consumerAtWork()) return false;
    const sleepPhase = load(cells, SLEEP_PHASE);
    if (sleepPhase === CONSUMERS_ASLEEP || sleepPhase === PRODUCER_ASLEEP) return false;
    const ending = load(cells, LAST_PUTS_PHASE);
    return (ending === LAST_PUTS_OFF || ending === GATHERING) && load(cells, AT_LAST_PUT) === 0;
  }

  /**
   * One put of another producer would wake the consumer: a producer is at work besides the held
   * one, none of them is in a put (a put under way that does not return shows the queue cannot
   * move) and the queue has room for it (the held put's item counted, not yet in PUTS_DONE).
   */
  function onePutHelps(): boolean {
    if (workers[PRODUCER] - load(cells, FINISHED + PRODUCER) <= 1) return false;
    if (load(cells, IN_CALL + PRODUCER) > 1) return false;
    return load(cells, PUTS_DONE) + 1 - load(cells, GETS_DONE) < capacity;
  }

  /** Holds this producer before its notify; true if it ends with the consumer asleep. */
  function hold(): boolean {
    sub(cells, NOTIFY_TRIES_LEFT, 1);
    // The consumer's sleeps are counted from here on (and stay counted: turning the watch off
    // could race the end game, which turns it on for its own phases). A wait it is in already is
    // not counted, and the one it is asleep in at the end must have been entered after this.
    store(cells, SLEEP_WATCH, 1);
    const sleepsBefore = load(cells, SLEEPS + CONSUMER);
    settled.restart();
    const giveUpAt = Date.now() + HOLD_LIMIT_MS;
    let letThrough = false;
    let seen = moves();
    let lastMove = Date.now();
    for (;;) {
      const now = Date.now();
      if (load(cells, SLEEPS + CONSUMER) > sleepsBefore && settled.asleep(CONSUMER, 1, now)) {
        // A put let through that has not started yet must not start now: the others stay out
        // until the consumer has acted on the held notify (consumerActed).
        store(cells, TICKETS, 0);
        return true;
      }
      if (load(cells, STEER_OVER) === 1 || !consumerAtWork()) return false;
      if (now > giveUpAt) {
        store(cells, NOTIFY_HOLDS_LEFT, 0);
        return false;
      }
      const moved = moves();
      if (moved !== seen) {
        seen = moved;
        lastMove = now;
      } else if (now - lastMove > STILL_MS && load(cells, TICKETS) === 0) {
        // Still, and no put let through is waiting to start: let one through, once.
        if (letThrough || !onePutHelps()) return false;
        letThrough = true;
        add(cells, TICKETS, 1);
        notify(cells, HELD_SIDE);
        lastMove = now;
      }
      wait(napCell, 0, 0, 1);
    }
  }

  /** The other producers may start new calls again. */
  function letIn(): void {
    store(cells, TICKETS, 0);
    store(cells, HELD_SIDE, 0);
    notify(cells, HELD_SIDE);
  }

  /**
   * After a forced hold, once the put has returned: the others stay out until the consumer has
   * acted on the wake-up (its get returned, or it sleeps in another wait). A put let in at once
   * could reach the queue first and leave an item for a get that does not look again. Bounded: a
   * consumer still in the same wait after WOKEN_MS was not woken by this put.
   */
  function consumerActed(): void {
    const since = Date.now();
    while (
      load(cells, GETS_DONE) === forced.gets &&
      load(cells, SLEEPS + CONSUMER) === forced.sleeps &&
      load(cells, STEER_OVER) === 0 &&
      consumerAtWork()
    ) {
      const waited = Date.now() - since;
      if (waited > HOLD_LIMIT_MS) {
        // As a hold that runs out: no more holds, so that a slow design pays this once.
        store(cells, NOTIFY_HOLDS_LEFT, 0);
        break;
      }
      if (load(cells, SLEEPING + CONSUMER) > 0 && waited > WOKEN_MS) break;
      wait(napCell, 0, 0, 1);
    }
  }

  return {
    beforeNotify(call) {
      if (forced.call === call || !mayHold()) return;
      // HELD_SIDE as a stopped consumer sets it (./wake-steer.ts): the producers are kept out of
      // new calls; and only one worker holds it at a time.
      if (compareExchange(cells, HELD_SIDE, 0, CONSUMER + 1) !== 0) return;
      if (!hold()) return letIn();
      sub(cells, NOTIFY_HOLDS_LEFT, 1);
      forced.call = call;
      forced.gets = load(cells, GETS_DONE);
      forced.sleeps = load(cells, SLEEPS + CONSUMER);
    },
    callEnded() {
      if (forced.call < 0) return;
      consumerActed();
      forced.call = -1;
      letIn();
    },
  };
}
