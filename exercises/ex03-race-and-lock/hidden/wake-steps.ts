// Imported by ./wake-worker.ts before ./wait-until-woken and the subject, so that the subject's
// module code (say `const { wait } = Atomics` at its top) already finds the wrapped wait. Makes the
// moment a lock() is woken show what the lock does when another worker takes it first, in every
// run rather than by luck: a worker whose wait on the lock returns is stopped at its first look at
// the lock afterwards (just after a read that found it changed; just before any write) until
// another worker holds the lock and stays in its critical section; then it goes on, and the holder
// stays until the woken worker has gone back to sleep or come into the critical section beside it.
// Any thread may be paused at that moment, so a correct lock must keep the woken worker out. A
// stop after the read is what makes "check with Atomics.load, then take with Atomics.store" show
// every run: the woken worker has seen the lock free and takes it though another holds it now.
// Protocol: ./wake-steps-protocol.ts.
import { workerData } from 'worker_threads';
import {
  GOING_BACK,
  HOLDER_STAYS,
  IDLE,
  MOST_OCCUPIED,
  OCCUPIED,
  PHASE,
  STARTED,
  STOP_BUDGET,
  STOPS,
  WOKEN,
} from './wake-steps-protocol';

const { lockBuffer, stepsBuffer } = workerData as {
  lockBuffer: SharedArrayBuffer;
  stepsBuffer: SharedArrayBuffer;
};
const steps = new Int32Array(stepsBuffer);
// Taken before the wrapping: the worker's own waits are not the subject's, and keep their time-out.
const { add, compareExchange, load, notify, store, wait } = Atomics;
/**
 * Bounded: a lock in which the woken thread must act before anyone else can (one that hands the
 * lock to the woken waiter, say) is slowed by a stop, never stopped for good; and it gets no more.
 */
const HOLD_LIMIT_MS = 2000;

/** Set while this worker, woken and let go, has not yet gone back to sleep or come in. */
let goingBack = false;
/** Set from a wait on the lock ended by a notify until this worker's next look at the lock. */
let woken = false;
/** The value that wait was made on: a read that finds it again has seen the lock still taken. */
let wokenFrom: number | undefined;

/** Sleeps while PHASE is one of `phases`, until `until`; the phase it ended in. */
function waitWhile(phases: number[], until: number): number {
  for (;;) {
    const phase = load(steps, PHASE);
    if (!phases.includes(phase) || Date.now() >= until) return phase;
    wait(steps, PHASE, phase, until - Date.now());
  }
}

const endStops = () => store(steps, STOPS, STOP_BUDGET);

/** At the first look at the lock after a wait on it was ended by a notify. */
function stopAfterWake(): void {
  if (!woken) return;
  woken = false;
  // The main thread's own unlock wakes the first worker while the others sleep: nobody could take
  // the lock meanwhile.
  if (load(steps, STARTED) === 0 || load(steps, STOPS) >= STOP_BUDGET) return;
  if (compareExchange(steps, PHASE, IDLE, WOKEN) !== IDLE) return;
  add(steps, STOPS, 1);
  waitWhile([WOKEN], Date.now() + HOLD_LIMIT_MS);
  if (compareExchange(steps, PHASE, WOKEN, IDLE) === WOKEN) {
    // Nobody took the lock meanwhile (the woken worker may hold it already): no more stops.
    endStops();
    return;
  }
  if (compareExchange(steps, PHASE, HOLDER_STAYS, GOING_BACK) !== HOLDER_STAYS) return;
  notify(steps, PHASE);
  goingBack = true;
}

/** The woken worker went back to sleep or came in: the holder may leave. */
function wentBack(): void {
  if (!goingBack) return;
  goingBack = false;
  store(steps, PHASE, IDLE);
  notify(steps, PHASE);
}

Atomics.wait = ((array: Int32Array, index: number, value: number, timeout?: number) => {
  if (array.buffer !== lockBuffer) return wait(array, index, value, timeout);
  woken = false; // waits again without a look: no stop this time
  wentBack();
  const outcome = wait(array, index, value, timeout);
  woken = outcome === 'ok';
  wokenFrom = value;
  return outcome;
}) as typeof Atomics.wait;

type AtomicOperation = (array: Int32Array, index: number, ...values: number[]) => number;
const onLock = (array: unknown) =>
  ArrayBuffer.isView(array) && (array as Int32Array).buffer === lockBuffer;

/**
 * A read returns what it saw, and the woken worker is stopped holding that value, if the lock had
 * changed from what it slept on (most often freed): the moment another worker may take it first.
 * A read that finds it unchanged is not a stop: the worker's next write, or wait, is.
 */
function stopAfterRead(original: AtomicOperation): AtomicOperation {
  return (array, index, ...values) => {
    const seen = original(array, index, ...values);
    if (onLock(array) && seen !== wokenFrom) stopAfterWake();
    return seen;
  };
}

/** A write is made only after the stop. */
function stopBeforeWrite(original: AtomicOperation): AtomicOperation {
  return (array, index, ...values) => {
    if (onLock(array)) stopAfterWake();
    return original(array, index, ...values);
  };
}

const patched = Atomics as unknown as Record<string, AtomicOperation>;
patched.load = stopAfterRead(patched.load);
for (const name of ['store', 'compareExchange', 'exchange', 'add', 'sub', 'and', 'or', 'xor'])
  patched[name] = stopBeforeWrite(patched[name]);

/**
 * Called as lock() returns: counts this worker in (atomically, at the moment of entry, so a short
 * stay beside another is never missed) and, when a woken worker is stopped waiting for someone
 * to hold the lock, stays in until that worker has gone back for it.
 */
export function enterCriticalSection(): void {
  const inside = add(steps, OCCUPIED, 1) + 1;
  for (;;) {
    const most = load(steps, MOST_OCCUPIED);
    if (inside <= most || compareExchange(steps, MOST_OCCUPIED, most, inside) === most) break;
  }
  store(steps, STARTED, 1);
  // Woken, it came in without looking at the lock again: stopped here, inside, all the same.
  stopAfterWake();
  wentBack();
  if (compareExchange(steps, PHASE, WOKEN, HOLDER_STAYS) !== WOKEN) return;
  notify(steps, PHASE);
  const phase = waitWhile([HOLDER_STAYS, GOING_BACK], Date.now() + HOLD_LIMIT_MS);
  if (phase !== IDLE) {
    // The woken worker never came back for the lock in time: stop waiting on it, and stop no more.
    store(steps, PHASE, IDLE);
    endStops();
  }
}

/** Called just before unlock(). */
export function leaveCriticalSection(): void {
  Atomics.sub(steps, OCCUPIED, 1);
}
