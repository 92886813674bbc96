// Worker side of the sleep-first steering (createWakeSteer({ sleepFirst: true })), used by
// ./wake-steer.ts. A schedule starts in two phases, so that both sides are asleep on the queue's
// memory at a known moment in every run instead of when the scheduler happens to make them:
//
// 1. Producers are kept out until every consumer sleeps on the empty queue. A put that does not
//    notify a sleeping get then leaves the consumers asleep for good.
// 2. Consumers are kept out of new calls until the queue is full and every producer sleeps on it.
//    A get that does not notify a sleeping put then leaves the producers asleep for good, and one
//    that wakes a producer only when it found the queue full leaves all but one asleep.
//
// Then the traffic is free. The kept-out side's workers watch for the end of each phase. A phase
// also ends when the side it waits for cannot sleep (no worker of it at work, a get returned from
// the empty queue) and after PHASE_LIMIT_MS in any case (a design that polls instead of sleeping on
// the queue's memory), so a correct design is slowed, never stopped.
import {
  CONSUMER,
  CONSUMERS_ASLEEP,
  FINISHED,
  GETS_DONE,
  HELD_SIDE,
  PRODUCER,
  PRODUCER_ASLEEP,
  PUTS_DONE,
  SLEEP_FIRST_OVER,
  SLEEP_PHASE,
  SLEEP_WATCH,
  SLEEPING,
  SLEEPS,
  Side,
} from './wake-steer-protocol';

// Taken before ./wake-steer.ts wraps Atomics: the steering's own steps are not the subject's.
const { add, compareExchange, load, notify, store, sub } = Atomics;
/**
 * How long the sleepers must all have stayed in the same waits: a wait for the queue's lock ends
 * sooner, since its holder does not sleep on an empty (full) queue while the other side is out.
 */
const SETTLE_MS = 20;
/** Each phase is over by then at the latest. */
export const PHASE_LIMIT_MS = 1000;
/** How often a kept-out worker looks while a phase is on. */
export const PHASE_LOOK_MS = 2;

export interface SleepFirst {
  /** Around each Atomics.wait on the queue's memory: true before it blocks, false after. */
  waiting(blocked: boolean): void;
  /** For a worker kept out of a call: ends the phase it waits on when it may; whether one is on. */
  keptOut(): boolean;
}

/**
 * For a watcher: whether at least `enough` workers of a side are asleep on the queue's memory, all
 * in the same waits for SETTLE_MS. Ask as often as the watcher looks; `restart()` at a new phase.
 */
export function sleepersSettled(cells: Int32Array) {
  let sleepsSeen = -1;
  let settlingSince = 0;
  return {
    restart: () => (sleepsSeen = -1),
    asleep(of: Side, enough: number, now: number): boolean {
      const sleeps = load(cells, SLEEPS + of);
      if (enough <= 0 || load(cells, SLEEPING + of) < enough || sleeps !== sleepsSeen) {
        sleepsSeen = sleeps;
        settlingSince = now;
        return false;
      }
      return now - settlingSince >= SETTLE_MS;
    },
  };
}

/**
 * The consumers may come in again: the queue is full and every producer at work sleeps on it
 * (settled), or no producer is at work.
 */
export function producersAsleepOnFull(
  cells: Int32Array,
  settled: ReturnType<typeof sleepersSettled>,
  producers: number,
  capacity: number,
  now: number,
): boolean {
  const atWork = producers - load(cells, FINISHED + PRODUCER);
  const full = load(cells, PUTS_DONE) - load(cells, GETS_DONE) >= capacity;
  return atWork <= 0 || (full && settled.asleep(PRODUCER, atWork, now));
}

export function sleepFirst(
  cells: Int32Array,
  side: Side,
  workers: number[],
  capacity: number,
): SleepFirst {
  let counted = false;
  /** The phase this worker watches, since when, and the other side's sleeps seen settling. */
  let watched = 0;
  let watchedSince = 0;
  const settled = sleepersSettled(cells);
  const atWork = (of: Side) => workers[of] - load(cells, FINISHED + of);

  function phaseOver(phase: number, now: number): boolean {
    if (now - watchedSince > PHASE_LIMIT_MS) return true;
    if (phase === CONSUMERS_ASLEEP) {
      return (
        atWork(CONSUMER) <= 0 ||
        load(cells, GETS_DONE) > 0 ||
        settled.asleep(CONSUMER, atWork(CONSUMER), now)
      );
    }
    return producersAsleepOnFull(cells, settled, workers[PRODUCER], capacity, now);
  }

  return {
    waiting(blocked) {
      if (blocked && load(cells, SLEEP_WATCH) === 1) {
        add(cells, SLEEPS + side, 1);
        add(cells, SLEEPING + side, 1);
        counted = true;
      } else if (!blocked && counted) {
        sub(cells, SLEEPING + side, 1);
        counted = false;
      }
    },
    keptOut() {
      const phase = load(cells, SLEEP_PHASE);
      // Phase 1 is watched by the producers, phase 2 by the consumers.
      const mine = side === PRODUCER ? CONSUMERS_ASLEEP : PRODUCER_ASLEEP;
      if (phase !== mine) return phase === CONSUMERS_ASLEEP || phase === PRODUCER_ASLEEP;
      const now = Date.now();
      if (watched !== phase) {
        watched = phase;
        watchedSince = now;
        settled.restart();
      }
      if (
        phaseOver(phase, now) &&
        compareExchange(cells, SLEEP_PHASE, phase, phase + 1) === phase
      ) {
        if (phase === CONSUMERS_ASLEEP) {
          store(cells, HELD_SIDE, PRODUCER + 1);
        } else {
          store(cells, SLEEP_WATCH, 0);
          store(cells, HELD_SIDE, 0);
        }
        notify(cells, HELD_SIDE);
      }
      return load(cells, SLEEP_PHASE) !== SLEEP_FIRST_OVER;
    },
  };
}
