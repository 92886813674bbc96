// Imported by ./wake-steered-worker.ts before the subject, so the subject already finds the
// wrapped Atomics: a get (put) whose wait on the queue's memory returned is stopped at its next
// atomic read-modify-write there, where it goes back for the lock (after any plain reads it makes
// first, such as a count read outside the lock), until the item (room) it was woken for has been
// taken by another consumer (producer). While one worker is stopped, the other side starts no new
// call, so "taken" is settled: every put that returned has been matched by a get that returned
// (the queue holds its capacity). When the stopped worker's peers all sleep, because the wake-up
// went to it, one call of the other side is let through to wake one of them.
import { workerData } from 'worker_threads';
import { hookQueueAtomics } from './queue-atomics-hooks';
import {
  CONSUMER,
  FINISHED,
  GETS_DONE,
  HELD_SIDE,
  IN_CALL,
  PRODUCER,
  PUTS_DONE,
  Side,
  STOPS_LEFT,
  STOPS_MADE,
  TICKETS,
  TRIES_LEFT,
  WakeSteerData,
} from './wake-steer-protocol';

const data = workerData as WakeSteerData & { queue: SharedArrayBuffer; role: string };
const cells = new Int32Array(data.steer);
// Taken before the hooks wrap Atomics: the steering's own steps are not the subject's.
const { add, compareExchange, load, notify, store, sub, wait } = Atomics;
const side: Side = data.role === 'producer' ? PRODUCER : CONSUMER;
const other: Side = side === PRODUCER ? CONSUMER : PRODUCER;
const workers = [data.producers, data.consumers];
const napCell = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
const nap = () => wait(napCell, 0, 0, 1);
/** Bounded: a design in which the woken worker must act first is slowed, never stopped. */
const STOP_LIMIT_MS = 2000;
/** Nothing has moved for this long: the peers sleep, and one call of the other side wakes one. */
const STILL_MS = 20;
/** A kept-out worker looks again this often even unwoken. */
const KEPT_OUT_LOOK_MS = 50;

const peersAtWork = () => workers[side] - 1 - load(cells, FINISHED + side);
const moves = () =>
  load(cells, PUTS_DONE) +
  load(cells, GETS_DONE) +
  load(cells, FINISHED + PRODUCER) +
  load(cells, FINISHED + CONSUMER);

/** No call of the other side under way, and the queue holds no item (is full): it was taken. */
function takenByAPeer(): boolean {
  if (load(cells, IN_CALL + other) !== 0) return false;
  const held = load(cells, PUTS_DONE) - load(cells, GETS_DONE);
  return side === CONSUMER ? held <= 0 : held >= data.capacity;
}

function stop(): void {
  if (load(cells, STOPS_LEFT + side) <= 0 || load(cells, TRIES_LEFT + side) <= 0) return;
  if (peersAtWork() <= 0 || compareExchange(cells, HELD_SIDE, 0, side + 1) !== 0) return;
  add(cells, STOPS_MADE + side, 1);
  sub(cells, TRIES_LEFT + side, 1);
  const giveUpAt = Date.now() + STOP_LIMIT_MS;
  let seen = moves();
  let lastMove = Date.now();
  for (;;) {
    if (takenByAPeer()) {
      sub(cells, STOPS_LEFT + side, 1);
      break;
    }
    const now = Date.now();
    if (peersAtWork() <= 0) break;
    if (now > giveUpAt) {
      store(cells, STOPS_LEFT + side, 0);
      break;
    }
    const moved = moves();
    if (moved !== seen) {
      seen = moved;
      lastMove = now;
    } else if (now - lastMove > STILL_MS) {
      if (!oneMoreCallHelps()) break;
      if (load(cells, TICKETS) === 0) {
        add(cells, TICKETS, 1);
        notify(cells, HELD_SIDE);
      }
      lastMove = now;
    }
    nap();
  }
  store(cells, TICKETS, 0);
  store(cells, HELD_SIDE, 0);
  notify(cells, HELD_SIDE);
}

/**
 * Nothing has moved: the peers sleep (the wake-up went to the stopped worker). One call of the
 * other side would wake one of them, if that side has calls left, none under way (a call let
 * through that waits shows the queue cannot move) and room for it (an item to take).
 */
function oneMoreCallHelps(): boolean {
  if (load(cells, FINISHED + other) === workers[other] || load(cells, IN_CALL + other) !== 0)
    return false;
  const held = load(cells, PUTS_DONE) - load(cells, GETS_DONE);
  return side === CONSUMER ? held < data.capacity : held > 0;
}

/** Set when a wait on the queue's memory returned: stop at the next update there. */
let woken = false;

/** Makes one put or get, kept out while a worker of the other side is stopped. */
export function steeredCall<T>(call: () => T): T {
  for (;;) {
    add(cells, IN_CALL + side, 1);
    if (load(cells, HELD_SIDE) !== other + 1) break;
    const tickets = load(cells, TICKETS);
    if (tickets > 0 && compareExchange(cells, TICKETS, tickets, tickets - 1) === tickets) break;
    sub(cells, IN_CALL + side, 1);
    // Kept out: sleep until the stop ends or lets a call through (bounded, as the stop is).
    wait(cells, HELD_SIDE, other + 1, KEPT_OUT_LOOK_MS);
  }
  woken = false;
  try {
    return call();
  } finally {
    woken = false;
    add(cells, side === PRODUCER ? PUTS_DONE : GETS_DONE, 1);
    sub(cells, IN_CALL + side, 1);
  }
}

/** This worker has made all its calls. */
export const finished = () => add(cells, FINISHED + side, 1);

hookQueueAtomics(data.queue, {
  afterWait: () => (woken = true),
  beforeUpdate: () => {
    if (!woken) return;
    woken = false;
    stop();
  },
});
