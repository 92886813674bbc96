// Worker side of the last-puts end game (createWakeSteer({ lastPutsAsleep: true })), used by
// ./wake-steer.ts. The sleep-first phases (./sleep-first.ts) put every producer asleep on the full
// queue at the start, and a get that wakes a producer only when it found the queue full (where
// every get must wake one) then wakes one for several rooms. That costs nothing while the producer
// it woke has items left: it fills the queue again, and the next get finds it full and wakes
// another. The lost wake-up leaves a producer asleep for good only at the end, when nobody is left
// to fill the queue. So the schedule ends in three phases:
//
// 1. Each producer is kept out of its last put until every producer is at its last put. The
//    consumers take all but `capacity` of the items put before the last puts and are then kept
//    out too, so the queue is full when the last puts come.
// 2. The last puts go in and sleep on the full queue; the consumers stay out until every producer
//    sleeps there.
// 3. The consumers come in again. The producer woken first is stopped where it goes back to the
//    queue until two gets have returned: a queue that wakes a producer on every get has woken a
//    second one by then. One that woke a producer only for the get that found the queue full has
//    not: its producer puts its last item and ends, no get finds the queue full again, and the
//    other producers sleep for good (the test is called hung).
//
// Every phase is bounded (phase 1 ends once no call has returned for GATHER_STILL_MS, phase 2
// after PHASE_LIMIT_MS, the stop after STOP_LIMIT_MS), so a correct design is slowed, never
// stopped.
import {
  PHASE_LIMIT_MS,
  PHASE_LOOK_MS,
  producersAsleepOnFull,
  sleepersSettled,
} from './sleep-first';
import {
  AT_LAST_PUT,
  CONSUMER,
  CONSUMERS_ASLEEP,
  FINISHED,
  GATHERING,
  GETS_AT_RELEASE,
  GETS_BEGUN,
  GETS_DONE,
  LAST_PUTS_ASLEEP,
  LAST_PUTS_OFF,
  LAST_PUTS_OVER,
  LAST_PUTS_PHASE,
  PRODUCER,
  PRODUCER_ASLEEP,
  PUTS_DONE,
  SLEEP_PHASE,
  SLEEP_WATCH,
  Side,
  WOKEN_HELD,
  WOKEN_STOPPED,
} from './wake-steer-protocol';

// Taken before ./wake-steer.ts wraps Atomics: the steering's own steps are not the subject's.
const { add, compareExchange, load, notify, store, sub, wait } = Atomics;
/** Phase 1 ends at the latest once no put or get has returned for this long. */
const GATHER_STILL_MS = 1000;
/** The woken producer's stop ends by then at the latest. */
const STOP_LIMIT_MS = 2000;
/** Gets that must return while the woken producer is stopped. */
const GETS_WHILE_STOPPED = 2;

export interface LastPuts {
  /**
   * Before this worker's `call`-th put or get (from 0): true while the end game keeps it out (it
   * has then waited a moment and ends the phase when it may).
   */
  keptOut(call: number): boolean;
  /** A wait of this worker on the queue's memory returned and it goes on to change that memory. */
  woken(): void;
}

const NO_END_GAME: LastPuts = { keptOut: () => false, woken: () => undefined };

/** `items`: this worker's puts (a producer) or gets (a consumer). */
export function lastPuts(
  cells: Int32Array,
  side: Side,
  workers: number[],
  capacity: number,
  items: number,
): LastPuts {
  const producers = workers[PRODUCER];
  // The gets after which the items put before the last puts fill the queue.
  const getsBefore = items * workers[CONSUMER] - producers - capacity;
  if (load(cells, LAST_PUTS_PHASE) === LAST_PUTS_OFF) return NO_END_GAME;
  if (side === CONSUMER && getsBefore < 0) return NO_END_GAME;
  const settled = sleepersSettled(cells);
  let atLastPut = false;
  let countedCall = -1;
  let watched = LAST_PUTS_OFF;
  let watchedSince = 0;
  let movesSeen = -1;
  let lastMove = 0;
  const phase = () => load(cells, LAST_PUTS_PHASE);

  function advance(from: number, to: number): void {
    if (compareExchange(cells, LAST_PUTS_PHASE, from, to) === from) notify(cells, LAST_PUTS_PHASE);
  }

  /** Kept out: ends the phase if it may, then waits a moment (less if the phase changes). */
  function look(now: number): void {
    const current = phase();
    if (watched !== current) {
      watched = current;
      watchedSince = now;
      movesSeen = -1;
      settled.restart();
    }
    if (current === GATHERING) {
      const moves = load(cells, PUTS_DONE) + load(cells, GETS_DONE);
      if (moves !== movesSeen) {
        movesSeen = moves;
        lastMove = now;
      }
      const sleepPhase = load(cells, SLEEP_PHASE);
      const sleepFirstOn = sleepPhase === CONSUMERS_ASLEEP || sleepPhase === PRODUCER_ASLEEP;
      const allThere = load(cells, AT_LAST_PUT) + load(cells, FINISHED + PRODUCER) >= producers;
      if ((allThere && !sleepFirstOn) || now - lastMove > GATHER_STILL_MS)
        advance(GATHERING, LAST_PUTS_ASLEEP);
    } else if (
      current === LAST_PUTS_ASLEEP &&
      side === CONSUMER &&
      (producersAsleepOnFull(cells, settled, producers, capacity, now) ||
        now - watchedSince > PHASE_LIMIT_MS)
    ) {
      // No get returns while the consumers are out: the count is the one at the release.
      store(cells, GETS_AT_RELEASE, load(cells, GETS_DONE));
      store(cells, SLEEP_WATCH, 0);
      advance(LAST_PUTS_ASLEEP, WOKEN_HELD);
    }
    wait(cells, LAST_PUTS_PHASE, current, PHASE_LOOK_MS);
  }

  function producerKeptOut(call: number): boolean {
    if (call !== items - 1) return false;
    if (!atLastPut) {
      atLastPut = true;
      add(cells, AT_LAST_PUT, 1);
    }
    const current = phase();
    // Its sleep in the last put is counted, for the consumers to see it (./sleep-first.ts).
    if (current === LAST_PUTS_ASLEEP) store(cells, SLEEP_WATCH, 1);
    if (current !== GATHERING) return false;
    look(Date.now());
    return true;
  }

  function consumerKeptOut(call: number): boolean {
    const current = phase();
    if (current !== GATHERING && current !== LAST_PUTS_ASLEEP) return false;
    if (countedCall === call) return false;
    if (add(cells, GETS_BEGUN, 1) < getsBefore) {
      countedCall = call;
      return false;
    }
    sub(cells, GETS_BEGUN, 1);
    look(Date.now());
    return true;
  }

  return {
    keptOut: side === PRODUCER ? producerKeptOut : consumerKeptOut,
    woken() {
      if (side !== PRODUCER || phase() !== WOKEN_HELD) return;
      if (compareExchange(cells, WOKEN_STOPPED, 0, 1) !== 0) return;
      const enough = load(cells, GETS_AT_RELEASE) + GETS_WHILE_STOPPED;
      const giveUpAt = Date.now() + STOP_LIMIT_MS;
      while (
        load(cells, GETS_DONE) < enough &&
        load(cells, FINISHED + CONSUMER) < workers[CONSUMER] &&
        Date.now() < giveUpAt
      ) {
        wait(cells, WOKEN_STOPPED, 1, 1);
      }
      store(cells, LAST_PUTS_PHASE, LAST_PUTS_OVER);
    },
  };
}
