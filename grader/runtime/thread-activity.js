'use strict';
// The activity board: one SharedArrayBuffer in which every worker thread of a test process says
// whether it can still make progress on its own, so the test setup can tell a test that waits
// for something that will never come (every thread asleep for good, nothing pending) from one
// that is only slow, within a second instead of at its time limit (jest/hang-watch.ts).
//
// The main thread creates the board before any student code loads and hands it to every worker,
// nested ones too, through worker_threads' environment data. Each worker takes a slot here, in
// register.js, before the worker's own script runs. What a slot says is only ever used to end a
// test as hung, never to pass one: a worker that lies about itself can fail its own test, no more.
//
// Plain JavaScript: it runs in every worker, before the TypeScript hook.

const waitSites = require('./wait-sites');

const BOARD_KEY = 'grader.thread-activity';
/** The thread id of the thread that starts a worker, handed on to it like the board. */
const PARENT_KEY = 'grader.thread-activity.parent';
/**
 * [0]: slots taken so far; [1]: the running test (its number in the plan plus one, 0 for none);
 * [2]: when it started (ms after the board's `base`); [3]: workers the main thread has started;
 * [4]: the test kit's polls now waiting on the main thread (main-polls.js); [5]: their starts and
 * ends so far; then the main thread's own slot (MAIN_AT: its state, waits and wait site, as a
 * worker's), then the workers' slots.
 */
const CURRENT = 1;
const TEST_STARTED = 2;
const MAIN_STARTED = 3;
const MAIN_POLLS = 4;
const MAIN_MOVES = 5;
const MAIN_AT = 6;
/** A job may run 1024 threads at most (run/limits.ts), and every worker is several of them. */
const SLOTS = 1024;
/**
 * One slot: the worker's thread id, its state, two counters, its parent, its children, then where
 * it last waited (wait-sites.js: a hash of the place, the text's length, the text).
 */
const SITE = 6;
const STRIDE = SITE + waitSites.SITE_CELLS;
const HEADER = MAIN_AT + STRIDE;
const THREAD = 0;
const STATE = 1;
/** Changes on every entry to and exit from an endless Atomics.wait. */
const WAITS = 2;
/** Idle ticks in a row: the worker's event loop turned with nothing it could wake for. */
const IDLE = 3;
/** The thread id of the thread that started it (0: the main thread). */
const PARENT = 4;
/**
 * Workers it started that have not exited: one that is not on the board yet is still starting,
 * and may yet run (the main thread counts its own workers itself).
 */
const CHILDREN = 5;
const RUNNING = 0;
/** In Atomics.wait with no time-out: only another thread's notify can wake it. */
const WAITING = 1;
const EXITED = 2;
/**
 * Runs, but can wake nobody and settle nothing: a preempter of the test kit (testkit/preempt.ts),
 * which only sleeps in short timed waits on memory of its own. The hang watch leaves it out of
 * what may still make progress; a worker that claims this falsely can only fail its own test.
 */
const INERT = 3;

/** How often an idle worker looks at what it has pending. */
const TICK_MS = 100;
/**
 * Counts the Atomics.waitAsync calls with a time-out that have not settled: their time-out is
 * pending work that Node lists nowhere (process.getActiveResourcesInfo does not), like a timer.
 * Returns the count's reader; installed once per thread.
 */
function countTimedWaitAsync() {
  const realWaitAsync = Atomics.waitAsync;
  if (typeof realWaitAsync !== 'function') return () => 0;
  const apply = Reflect.apply;
  let pending = 0;
  Atomics.waitAsync = function waitAsync(array, index, value, timeout) {
    const result = apply(realWaitAsync, Atomics, arguments);
    if (result && result.async && Number(timeout) < Infinity) {
      pending++;
      const settled = () => {
        pending--;
      };
      result.value.then(settled, settled);
    }
    return result;
  };
  return () => pending;
}

/** The stack text the thread of the slot at `at` left at its latest endless wait ('' when none). */
function siteText(board, at) {
  return waitSites.siteText(board, at + SITE);
}

/**
 * The thread's Atomics.wait, marking the slot at `at` around every endless wait (and noting where
 * it was called from). Every call keeps its exact meaning: the real wait is called as it was.
 */
function waitMarker(board, at) {
  const cells = new Int32Array(board);
  const { add, store } = Atomics;
  const realWait = Atomics.wait;
  const apply = Reflect.apply;
  const noteSite = waitSites.siteNoter(board, at + SITE);
  return function wait(array, index, value, timeout) {
    const endless = timeout === undefined || !(Number(timeout) < Infinity);
    if (!endless) return apply(realWait, Atomics, arguments);
    noteSite(array, index, wait);
    add(cells, at + WAITS, 1);
    store(cells, at + STATE, WAITING);
    try {
      return apply(realWait, Atomics, arguments);
    } finally {
      store(cells, at + STATE, RUNNING);
      add(cells, at + WAITS, 1);
    }
  };
}

/**
 * Main-thread side: its endless waits are marked in its own slot, so that the hang watch's thread
 * (jest/hang-watch-worker.ts) can tell a main thread blocked for good from one that only waits.
 */
function markMainWaits(board) {
  Atomics.wait = waitMarker(board, MAIN_AT);
}

function createBoard() {
  return new SharedArrayBuffer((HEADER + SLOTS * STRIDE) * Int32Array.BYTES_PER_ELEMENT);
}

/** This thread's slot, once joinBoard took one. */
let own;

/** Worker side: marks this thread INERT on the board (see INERT). */
function markInert() {
  if (own) Atomics.store(own.cells, own.at + STATE, INERT);
}

/**
 * Whether some other worker on the board may be running: not in an endless wait, not exited, not
 * inert, and not idle in its event loop (idle ticks counting). While none is, a preempter has
 * nothing to interrupt. The main thread is not counted: its slot says only whether it is blocked
 * in an endless wait.
 */
function otherWorkerRunning() {
  if (!own) return true;
  const { cells, at: mine } = own;
  const taken = Math.min(Atomics.load(cells, 0), SLOTS);
  for (let slot = 0; slot < taken; slot++) {
    const at = HEADER + slot * STRIDE;
    if (at === mine) continue;
    if (Atomics.load(cells, at + STATE) === RUNNING && Atomics.load(cells, at + IDLE) === 0)
      return true;
  }
  return false;
}

/**
 * Marks the slot of the worker `threadId` EXITED, and the slots of every worker it started,
 * nested ones too, as its starter sees its exit event. A worker that is terminated never runs its
 * own exit handler, so without this its slot would keep saying what it last did (running, for one
 * stopped in a timed wait or a computation) for as long as the process lives, and a preempter
 * (otherWorkerRunning) would go on interrupting it. Its descendants are gone too by then: Node
 * stops a worker's own workers before the worker's exit event is emitted, and a child that was
 * still finishing as its parent ended is terminated, with no exit handler of its own either.
 */
function markExited(cells, threadId) {
  const taken = Math.min(Atomics.load(cells, 0), SLOTS);
  // A worker takes its slot before its script starts any worker: a child's slot comes after its
  // parent's, so one pass in slot order finds every descendant.
  const gone = new Set([threadId]);
  for (let slot = 0; slot < taken; slot++) {
    const at = HEADER + slot * STRIDE;
    const thread = Atomics.load(cells, at + THREAD);
    if (gone.has(thread) || gone.has(Atomics.load(cells, at + PARENT))) {
      // A child stopped before it wrote its thread id leaves 0 there: 0 is the main thread, whose
      // own workers must not follow it.
      if (thread !== 0) gone.add(thread);
      Atomics.store(cells, at + STATE, EXITED);
    }
  }
}

/** Worker side: takes a slot on the board the main thread shared, if there is one. */
function joinBoard() {
  const workerThreads = require('worker_threads');
  const { getEnvironmentData, setEnvironmentData, threadId } = workerThreads;
  let board;
  let parent;
  try {
    board = getEnvironmentData(BOARD_KEY);
    parent = getEnvironmentData(PARENT_KEY);
  } catch {
    return;
  }
  if (!(board instanceof SharedArrayBuffer)) return;
  const cells = new Int32Array(board);
  const { add, store } = Atomics;
  const slot = add(cells, 0, 1);
  // A full board: this worker has no slot, and the main thread counts it as running.
  if (slot >= SLOTS) return;
  const at = HEADER + slot * STRIDE;
  own = { cells, at };
  store(cells, at + PARENT, typeof parent === 'number' ? parent : -1);
  store(cells, at + THREAD, threadId);
  setEnvironmentData(PARENT_KEY, threadId);

  // The workers this one starts are counted until they exit: until one is on the board, nobody
  // can say whether it runs.
  const RealWorker = workerThreads.Worker;
  workerThreads.Worker = class CountedWorker extends RealWorker {
    constructor(...args) {
      super(...args);
      add(cells, at + CHILDREN, 1);
      // Read now: a worker's threadId is -1 once it has exited.
      const child = this.threadId;
      this.once('exit', () => {
        markExited(cells, child);
        Atomics.sub(cells, at + CHILDREN, 1);
      });
    }
  };

  Atomics.wait = waitMarker(board, at);

  // A worker idle in its event loop can only be woken by a message (from a thread that must
  // itself be running) or by what it has pending (a timer, I/O, a child): each tick says which.
  const resources = process.getActiveResourcesInfo.bind(process);
  const timedWaits = countTimedWaitAsync();
  const { performance } = require('perf_hooks');
  const utilization = performance.eventLoopUtilization.bind(performance);
  let last = utilization();
  const tick = setInterval(() => {
    const now = utilization();
    const busy = utilization(now, last).utilization > 0.05;
    last = now;
    const pending = timedWaits() > 0 || resources().some((type) => type !== 'MessagePort');
    if (busy || pending) store(cells, at + IDLE, 0);
    else add(cells, at + IDLE, 1);
  }, TICK_MS);
  tick.unref();
  process.once('exit', () => store(cells, at + STATE, EXITED));
}

module.exports = {
  BOARD_KEY,
  HEADER,
  SLOTS,
  STRIDE,
  THREAD,
  STATE,
  WAITS,
  IDLE,
  PARENT,
  CHILDREN,
  SITE,
  CURRENT,
  TEST_STARTED,
  MAIN_STARTED,
  MAIN_POLLS,
  MAIN_MOVES,
  MAIN_AT,
  PARENT_KEY,
  RUNNING,
  WAITING,
  EXITED,
  INERT,
  TICK_MS,
  countTimedWaitAsync,
  siteText,
  markMainWaits,
  createBoard,
  joinBoard,
  markInert,
  markExited,
  otherWorkerRunning,
};
