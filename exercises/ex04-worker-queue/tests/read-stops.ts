// Imported by ./queue-worker.ts before the queue, so the queue already finds what this wraps.
// Given `readStops` in the worker's data, a put (get) that reads the queue's memory with
// Atomics.load before it has made any atomic read-modify-write there (a compareExchange, exchange,
// add or sub: the step that takes a lock) is stopped just after that read, until another producer
// (consumer) has finished a put (get). A queue that goes on to act on what it read without a lock
// (the back or the front index, the count) then writes the slot the other producer has just
// written, or takes the item the other consumer has just taken: the race shows in every run
// instead of when the scheduler happens to switch threads there. A queue that takes its lock first
// reads nothing before it and is never stopped. Which read of a call is stopped after goes round
// 1 to TARGETS from one call to the next, so the read of the index is among them.
import { workerData } from 'worker_threads';

export interface ReadStops {
  /** READ_STOP_CELLS Int32 cells, shared by every producer and consumer of one run. */
  readStops: SharedArrayBuffer;
  producers: number;
  consumers: number;
}

/** Calls finished, per side, then workers done with all their calls, per side. */
const DONE = 0;
const FINISHED = 2;
/** 1 while a worker is stopped: one stop at a time. */
const HELD = 4;
export const READ_STOP_CELLS = 5;

export const createReadStops = () =>
  new SharedArrayBuffer(READ_STOP_CELLS * Int32Array.BYTES_PER_ELEMENT);

/** The first this many calls of each worker may be stopped; then Atomics is given back. */
const STOPPED_CALLS = 64;
const TARGETS = 4;
/** Bounded: a stop never decides whether a queue passes, only whether a race shows. */
const STOP_LIMIT_MS = 2000;
/** Nothing finished anywhere for this long: the others wait for something, give up the stop. */
const STILL_MS = 200;

// Null on the main thread, which only creates the cells.
const data = (workerData ?? {}) as Partial<ReadStops> & {
  queue?: SharedArrayBuffer;
  role?: string;
};
const side = data.role === 'producer' ? 0 : 1;
const { add, compareExchange, exchange, load, store, sub, wait } = Atomics;
const originals = { add, compareExchange, exchange, load, sub };
const cells = data.readStops && new Int32Array(data.readStops);
const nap = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));

let calls = 0;
/** Unlocked reads so far in the call under way; -1 once it may hold a lock (or is not stopped). */
let reads = -1;
let target = 0;

const othersAtWork = (shared: Int32Array) =>
  (side === 0 ? data.producers! : data.consumers!) - 1 - load(shared, FINISHED + side);
const finishedAnywhere = (shared: Int32Array) =>
  load(shared, DONE) + load(shared, DONE + 1) + load(shared, FINISHED) + load(shared, FINISHED + 1);

function stop(shared: Int32Array): void {
  if (othersAtWork(shared) <= 0 || compareExchange(shared, HELD, 0, 1) !== 0) return;
  const seen = load(shared, DONE + side);
  const giveUpAt = Date.now() + STOP_LIMIT_MS;
  let moves = finishedAnywhere(shared);
  let lastMove = Date.now();
  while (load(shared, DONE + side) === seen && othersAtWork(shared) > 0) {
    const now = Date.now();
    if (finishedAnywhere(shared) !== moves) {
      moves = finishedAnywhere(shared);
      lastMove = now;
    }
    if (now > giveUpAt || now - lastMove > STILL_MS) break;
    wait(nap, 0, 0, 1);
  }
  store(shared, HELD, 0);
}

/** An atomic read-modify-write: what takes a lock. */
type Update = (array: Int32Array, ...rest: number[]) => number;

if (cells) {
  const shared = cells;
  const ours = (array: Int32Array) => (array?.buffer as unknown) === data.queue;
  const update =
    (original: Update): Update =>
    (array, ...rest) => {
      if (ours(array)) reads = -1;
      return original(array, ...rest);
    };
  Object.assign(Atomics, {
    add: update(add as Update),
    sub: update(sub as Update),
    exchange: update(exchange as Update),
    compareExchange: update(compareExchange as Update),
    load: (array: Int32Array, index: number) => {
      const value = load(array, index);
      if (reads >= 0 && ours(array) && ++reads === target) {
        reads = -1;
        stop(shared);
      }
      return value;
    },
  });
}

/** Makes one put or get, stopped after an unlocked read if it makes one. */
export function readStopped<T>(call: () => T): T {
  if (!cells) return call();
  reads = calls < STOPPED_CALLS ? 0 : -1;
  target = (calls % TARGETS) + 1;
  try {
    return call();
  } finally {
    reads = -1;
    add(cells, DONE + side, 1);
    // The stops are over: a queue that calls Atomics.load (or add, ...) by name runs at full speed.
    if (++calls === STOPPED_CALLS) Object.assign(Atomics, originals);
  }
}

/** This worker has made all its calls. */
export const finished = () => cells && add(cells, FINISHED + side, 1);
