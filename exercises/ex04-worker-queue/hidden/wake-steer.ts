// Imported by ./wake-steered-worker.ts before the subject, so the subject already finds the
// wrapped Atomics: a get (put) whose wait on the queue's memory returned is stopped at its next
// atomic read-modify-write there, where it goes back for the lock (after any plain reads it makes
// first, such as a count read outside the lock), until the item (room) it was woken for has been
// taken by another consumer (producer). While one worker is stopped, the other side starts no new
// call, so "taken" is settled: every put that returned has been matched by a get that returned
// (the queue holds its capacity). When the stopped worker's peers all sleep, because the wake-up
// went to it, one call of the other side is let through to wake one of them.
//
// Given `readStops`, a second stop (`readStop`): a put (get) that reads the queue's memory with
// Atomics.load before its first atomic read-modify-write there (before it could hold any lock, so
// an unlocked read) is stopped just after that read until another producer (consumer) has
// completed a put (get). A call that goes on to act on what it read without the lock (the front
// or the back index, the count) then writes the slot a peer has just written, or takes the item a
// peer has just taken. Which read of the call is stopped after goes round 1 to READ_TARGETS from
// one call to the next, so the read of the index is among them whatever comes before it.
//
// Given a steer made with `sleepFirst`, the schedule starts with each side asleep in turn
// (./sleep-first.ts), the other side kept out as a stop keeps it out; `watchSleeps` only counts
// the sleeps, for a test that waits until its one worker is asleep. Given one made with
// `lastPutsAsleep`, it ends with the producers asleep in their last puts on the full queue and the
// producer woken first stopped until two gets have returned (./last-puts.ts). Given one made with
// `lateNotify`, a few producers are held, in the traffic between, just before a notify until the
// consumer has taken their item and fallen asleep again, so that the notify lands late
// (./late-notify.ts).
import { workerData } from 'worker_threads';
import { lastPuts } from './last-puts';
import { lateNotify } from './late-notify';
import { hookQueueAtomics } from './queue-atomics-hooks';
import { PHASE_LOOK_MS, sleepFirst } from './sleep-first';
import {
  CONSUMER,
  FINISHED,
  GETS_DONE,
  HELD_SIDE,
  IN_CALL,
  PRODUCER,
  PUTS_DONE,
  READ_HELD,
  READ_STOP_CALLS,
  READ_TARGETS,
  STEER_OVER,
  Side,
  STOPS_LEFT,
  STOPS_MADE,
  TICKETS,
  TRIES_LEFT,
  WakeSteerData,
} from './wake-steer-protocol';

const data = workerData as WakeSteerData & {
  queue: SharedArrayBuffer;
  role: string;
  items: number;
};
const cells = new Int32Array(data.steer);
// Taken before the hooks wrap Atomics: the steering's own steps are not the subject's.
const { add, compareExchange, load, notify, store, sub, wait } = Atomics;
const side: Side = data.role === 'producer' ? PRODUCER : CONSUMER;
const other: Side = side === PRODUCER ? CONSUMER : PRODUCER;
const workers = [data.producers, data.consumers];
const sleeping = sleepFirst(cells, side, workers, data.capacity);
const ending = lastPuts(cells, side, workers, data.capacity, data.items);
const notifying = lateNotify(cells, side, workers, data.capacity);
const napCell = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
const nap = () => wait(napCell, 0, 0, 1);
/** Bounded: a design in which the woken worker must act first is slowed, never stopped. */
const STOP_LIMIT_MS = 2000;
/** Nothing has moved for this long: the peers sleep, and one call of the other side wakes one. */
const STILL_MS = 20;
/** A kept-out worker looks again this often even unwoken. */
const KEPT_OUT_LOOK_MS = 50;
/**
 * A read stop ends, with nothing forced, when no call has returned for this long: the peers
 * cannot complete one (they wait for the other side, or for something the stopped call holds).
 * Longer than STILL_MS: a peer on a loaded machine may not run for a while, and the stop does not
 * let calls through to find out why.
 */
const READ_STILL_MS = 200;

const steeringOver = () => load(cells, STEER_OVER) === 1;
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
  if (steeringOver()) return;
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
    if (peersAtWork() <= 0 || steeringOver()) break;
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

/**
 * Stopped just after an unlocked read until a peer completes a call: bounded like `stop`, and one
 * read stop at a time in the schedule.
 */
function readStop(): void {
  if (peersAtWork() <= 0 || compareExchange(cells, READ_HELD, 0, 1) !== 0) return;
  readStopsLeft--;
  const done = side === PRODUCER ? PUTS_DONE : GETS_DONE;
  const seen = load(cells, done);
  const giveUpAt = Date.now() + STOP_LIMIT_MS;
  let seenMoves = moves();
  let lastMove = Date.now();
  while (load(cells, done) === seen && peersAtWork() > 0 && !steeringOver()) {
    const now = Date.now();
    const moved = moves();
    if (moved !== seenMoves) {
      seenMoves = moved;
      lastMove = now;
    }
    if (now > giveUpAt || now - lastMove > READ_STILL_MS) break;
    nap();
  }
  store(cells, READ_HELD, 0);
}

let readStopsLeft = data.readStops ?? 0;
/** Calls this worker has begun, and unlocked reads made so far in the one under way. */
let calls = 0;
let unlockedReads = -1;
let readTarget = 0;

/** Set when a wait on the queue's memory returned: stop at the next update there. */
let woken = false;

/** Makes one put or get, kept out while a worker of the other side is stopped. */
export function steeredCall<T>(call: () => T): T {
  for (;;) {
    if (steeringOver()) {
      // The steering is over for good: a subject that calls Atomics.load (or add, ...) by name runs
      // the unwrapped functions again, at the plain traffic's speed.
      if (hooked) {
        hooked = false;
        unhook();
      }
      return call();
    }
    if (ending.keptOut(calls)) continue;
    add(cells, IN_CALL + side, 1);
    if (load(cells, HELD_SIDE) !== other + 1) break;
    const tickets = load(cells, TICKETS);
    if (tickets > 0 && compareExchange(cells, TICKETS, tickets, tickets - 1) === tickets) break;
    sub(cells, IN_CALL + side, 1);
    // Kept out: sleep until the stop ends or lets a call through (bounded, as the stop is), or
    // watch the other side fall asleep in a sleep-first phase (./sleep-first.ts).
    const phaseOn = sleeping.keptOut();
    wait(cells, HELD_SIDE, other + 1, phaseOn ? PHASE_LOOK_MS : KEPT_OUT_LOOK_MS);
  }
  woken = false;
  unlockedReads = readStopsLeft > 0 && calls < READ_STOP_CALLS ? 0 : -1;
  readTarget = (calls++ % READ_TARGETS) + 1;
  try {
    return call();
  } finally {
    woken = false;
    unlockedReads = -1;
    notifying.callEnded();
    add(cells, side === PRODUCER ? PUTS_DONE : GETS_DONE, 1);
    sub(cells, IN_CALL + side, 1);
    if (
      data.steeredCalls !== undefined &&
      load(cells, PUTS_DONE) + load(cells, GETS_DONE) >= data.steeredCalls
    ) {
      store(cells, STEER_OVER, 1);
      notify(cells, HELD_SIDE);
    }
  }
}

/** This worker has made all its calls. */
export const finished = () => add(cells, FINISHED + side, 1);

function afterRead(): void {
  if (unlockedReads < 0 || ++unlockedReads !== readTarget) return;
  unlockedReads = -1;
  readStop();
}

let hooked = true;
const unhook = hookQueueAtomics(data.queue, {
  waiting: (blocked) => sleeping.waiting(blocked),
  afterWait: () => (woken = true),
  // Atomics.load is wrapped only where read stops are asked for: the other steered tests' loads
  // cost what they did.
  afterRead: readStopsLeft > 0 ? afterRead : undefined,
  beforeNotify: () => notifying.beforeNotify(calls),
  beforeUpdate: () => {
    unlockedReads = -1;
    if (!woken) return;
    woken = false;
    stop();
    ending.woken();
  },
});
