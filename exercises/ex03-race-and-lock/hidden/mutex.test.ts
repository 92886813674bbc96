import * as path from 'path';
import { types } from 'util';
import { Worker } from 'worker_threads';
import { because, OccupancyProbe, runWorkers } from '@course/testkit';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';
import {
  finishInTime,
  formatCount,
  giveUpBefore,
  GOT_LOCK,
  limitFor,
  newCounter,
  newFlags,
  settle,
  sleep,
  STALL_MS,
  stuckWorkers,
  TAKE_LOCK_WORKER,
  TRYING,
  unlockWithWaiters,
  until,
  watch,
  workerFailure,
} from '../tests/helpers';
import {
  AFTER_NOTIFY,
  AFTER_WAKE,
  GOT,
  HELD,
  HOLD_AT,
  LOCK,
  LOCKED,
  MOST_OCCUPIED,
  OCCUPANCY_CELLS,
  READY,
  STEPPED_LOCK_CELLS,
  SteppedLockData,
  TRYING as STEPPED_TRYING,
  UNLOCK,
  UNLOCKED,
  WAITING,
  WAITS,
} from './stepped-lock-protocol';
import { MOST_OCCUPIED as WAKE_MOST_OCCUPIED, WAKE_STEP_CELLS } from './wake-steps-protocol';

const EXCLUSION_WORKER = path.join(__dirname, 'exclusion-worker.ts');
const WAKE_WORKER = path.join(__dirname, 'wake-worker.ts');
const HOLD_LOCK_WORKER = path.join(__dirname, 'hold-lock-worker.ts');
const STEPPED_LOCK_WORKER = path.join(__dirname, 'stepped-lock-worker.ts');

const RETURNED = Symbol('returned');
/** What `call` threw, or RETURNED when it threw nothing. */
function thrownBy(call: () => unknown): unknown {
  try {
    call();
    return RETURNED;
  } catch (error) {
    return error;
  }
}
/** How a call's outcome from thrownBy reads in a failure message. */
const describeThrown = (thrown: unknown) =>
  thrown === RETURNED
    ? 'returned'
    : `threw ${typeof thrown === 'string' ? `the string '${thrown}'` : String(thrown)}`;

const snapshot = (buffer: SharedArrayBuffer) => Array.from(new Uint8Array(buffer));
const shown = (bytes: number[]) => `[${bytes.join(', ')}]`;

/**
 * Whether a fresh worker, calling lock() on a Mutex made from `buffer`, gets the lock before
 * `giveUpAt`. The wait starts only once the worker is running its lock() call, so a slow worker
 * start-up on a busy machine cannot be mistaken for a lock left held.
 */
async function anotherWorkerTakesIt(
  buffer: SharedArrayBuffer,
  giveUpAt: number | undefined,
): Promise<boolean> {
  const flags = newFlags();
  const run = watch(
    runWorkers(TAKE_LOCK_WORKER, 1, () => ({ lockBuffer: buffer, flagsBuffer: flags.buffer })),
  );
  await until(() => Atomics.load(flags, TRYING) === 1, run);
  await until(
    () => Atomics.load(flags, GOT_LOCK) === 1 || (giveUpAt !== undefined && Date.now() >= giveUpAt),
    run,
  );
  if (run.settled()) await run.outcome; // a worker that failed is reported as it failed
  return Atomics.load(flags, GOT_LOCK) === 1;
}

/** Starting a worker can take seconds on a busy machine; a correct lock never needs this long. */
const STEP_LIMIT_MS = 10_000;
/** A woken worker takes a free lock within milliseconds: 3 s without it means nothing woke it. */
const WOKEN_LIMIT_MS = 3000;
/** How long a worker must stay in one wait to count as asleep. */
const ASLEEP_SETTLE_MS = 40;
/** A lock that never sleeps in Atomics.wait (it spins) is not waited for longer. */
const ASLEEP_LIMIT_MS = 1000;

/** Waits until `condition()` holds or `ms` have passed; whether it holds. */
async function within(ms: number, condition: () => boolean): Promise<boolean> {
  const giveUpAt = Date.now() + ms;
  while (!condition() && Date.now() < giveUpAt) await sleep(5);
  return condition();
}

/** A worker making one lock() and unlock() in steps (./stepped-lock-worker.ts). */
function startSteppedLock(
  role: SteppedLockData['role'],
  lockBuffer: SharedArrayBuffer,
  occupancy: SharedArrayBuffer,
) {
  const state = new SharedArrayBuffer(STEPPED_LOCK_CELLS * Int32Array.BYTES_PER_ELEMENT);
  const cells = new Int32Array(state);
  const data: SteppedLockData = { role, lockBuffer, occupancy, state };
  const worker = new Worker(STEPPED_LOCK_WORKER, { workerData: data });
  let failure: string | undefined;
  worker.once('error', (error) => (failure = error.message));
  const flag = (cell: number) => Atomics.load(cells, cell) === 1;
  const stepped = {
    flag,
    failure: () => failure,
    lock: () => {
      Atomics.store(cells, LOCK, 1);
      Atomics.notify(cells, LOCK);
    },
    unlock: () => {
      Atomics.store(cells, UNLOCK, 1);
      Atomics.notify(cells, UNLOCK);
    },
    holdAt: (moment: typeof AFTER_NOTIFY | typeof AFTER_WAKE) =>
      Atomics.store(cells, HOLD_AT, moment),
    goOn: () => {
      Atomics.store(cells, HOLD_AT, 0);
      Atomics.store(cells, HELD, 0);
      Atomics.notify(cells, HELD);
    },
    waits: () => Atomics.load(cells, WAITS),
    /** Resolves once the worker has stayed in one wait on the lock for a while, or has the lock. */
    async asleep() {
      const giveUpAt = Date.now() + ASLEEP_LIMIT_MS;
      const over = () => flag(GOT) || failure !== undefined || Date.now() > giveUpAt;
      for (;;) {
        await within(ASLEEP_LIMIT_MS, () => flag(WAITING) || over());
        const entered = stepped.waits();
        await sleep(ASLEEP_SETTLE_MS);
        if ((flag(WAITING) && stepped.waits() === entered) || over()) return;
      }
    },
    stop: () => worker.terminate(),
  };
  return stepped;
}

/** A holder worker with the lock and a taker worker asleep in lock() on it. */
async function holderAndSleeper() {
  const lockBuffer = new Mutex().buffer;
  const occupancy = new SharedArrayBuffer(OCCUPANCY_CELLS * Int32Array.BYTES_PER_ELEMENT);
  const holder = startSteppedLock('holder', lockBuffer, occupancy);
  // A second holder, started now and told to lock later: starting a worker can take longer than
  // any stop lasts.
  const intruder = startSteppedLock('holder', lockBuffer, occupancy);
  holder.lock();
  await within(STEP_LIMIT_MS, () => holder.flag(LOCKED) || holder.failure() !== undefined);
  const taker = startSteppedLock('taker', lockBuffer, occupancy);
  const started = [holder, intruder, taker];
  await within(STEP_LIMIT_MS, () => taker.flag(STEPPED_TRYING) || taker.failure() !== undefined);
  await taker.asleep();
  await within(STEP_LIMIT_MS, () => intruder.flag(READY) || intruder.failure() !== undefined);
  const stopAll = async () => {
    for (const worker of started) worker.goOn();
    await Promise.all(started.map((worker) => worker.stop()));
  };
  const mostInside = () => Atomics.load(new Int32Array(occupancy), MOST_OCCUPIED);
  return { holder, intruder, taker, mostInside, stopAll };
}

/**
 * The holder unlocks and is stopped just after its first Atomics.notify until the sleeper has
 * taken the lock or gone back to sleep; then it finishes its unlock(). Any thread may be paused at
 * that moment, so the sleeper must get the lock: a notify made while the lock is still held wakes
 * a worker that finds it held and sleeps again, and nothing wakes it once the lock is freed.
 */
async function wokenWhileUnlockPauses() {
  const { holder, taker, stopAll } = await holderAndSleeper();
  try {
    const waitsBefore = taker.waits();
    holder.holdAt(AFTER_NOTIFY);
    holder.unlock();
    await within(STEP_LIMIT_MS, () => holder.flag(HELD) || holder.flag(UNLOCKED));
    if (holder.flag(HELD)) {
      // The sleeper either takes the lock or, woken while it was still held, waits again.
      await within(ASLEEP_LIMIT_MS, () => taker.flag(GOT) || taker.waits() > waitsBefore);
      await taker.asleep();
    }
    holder.goOn();
    const gotLock = await within(WOKEN_LIMIT_MS, () => taker.flag(GOT));
    await within(WOKEN_LIMIT_MS, () => holder.flag(UNLOCKED));
    return {
      sleeperGotTheLock: gotLock,
      holderUnlockReturned: holder.flag(UNLOCKED),
      errors: [holder.failure(), taker.failure()].filter((message) => message !== undefined),
    };
  } finally {
    await stopAll();
  }
}

/**
 * The holder unlocks, which wakes the sleeper; the sleeper is stopped just after its wait returns
 * while another worker takes the free lock, and then goes on. Any thread may be paused at that
 * moment, so the woken worker must find the lock taken and wait again: being woken does not make
 * it the holder. It gets the lock once the other worker unlocks.
 */
async function wokenAfterAnotherTookIt() {
  const { holder, intruder, taker, mostInside, stopAll } = await holderAndSleeper();
  try {
    taker.holdAt(AFTER_WAKE);
    holder.unlock();
    await within(STEP_LIMIT_MS, () => taker.flag(HELD) || taker.flag(GOT) || holder.flag(UNLOCKED));
    intruder.lock();
    await within(STEP_LIMIT_MS, () => intruder.flag(LOCKED) || intruder.failure() !== undefined);
    taker.goOn();
    // A correct lock keeps the woken worker out for as long as the other holds it.
    await within(ASLEEP_LIMIT_MS, () => taker.flag(GOT));
    const bothInside = mostInside() > 1;
    intruder.unlock();
    const takerGotIt = await within(WOKEN_LIMIT_MS, () => taker.flag(GOT));
    return {
      bothWorkersHeldTheLockAtOnce: bothInside,
      wokenWorkerGotTheLockInTheEnd: takerGotIt,
      errors: [holder, intruder, taker]
        .map((worker) => worker.failure())
        .filter((message) => message !== undefined),
    };
  } finally {
    await stopAll();
  }
}

// Set when the wake-up test below finds its workers stuck for good. The test after it where
// several workers wait for each other would only deadlock the same way and spend its own time
// limit on it, so it fails at once instead.
let neverWoken = false;
const failIfNeverWoken = () => {
  if (neverWoken)
    throw new Error(
      'not run: in the wake-up test, workers waiting for the lock were never let in, so this test would deadlock too',
    );
};

const WAKE = 'unlock wakes the workers that are waiting for the lock';

test(
  'unlock wakes the workers that are waiting for the lock',
  async () => {
    const giveUpAt = giveUpBefore(limitFor(WAKE), 15_000, STALL_MS);
    const paused = await wokenWhileUnlockPauses();
    because(
      "a worker held the lock and another was asleep in lock(); the holder's unlock() was paused just after its Atomics.notify while the sleeper woke and looked, then finished. The sleeper must get the lock: free the lock before you wake a waiter, so that a woken worker finds it free (observed: whether the sleeper got the lock within 3 s, whether the holder's unlock() returned, and any error)",
      () =>
        expect(paused).toEqual({
          sleeperGotTheLock: true,
          holderUnlockReturned: true,
          errors: [],
        }),
    );
    const workers = 3;
    const times = 10_000;
    const total = workers * times;
    const mutex = new Mutex();
    const counter = newCounter();
    const arrived = newCounter();
    // A worker woken in lock() is stopped, in a few rounds, at its first look at the lock until
    // another has taken it (./wake-steps.ts): being woken, or having seen the lock free just
    // before, must not let it in beside the holder.
    const steps = new Int32Array(
      new SharedArrayBuffer(WAKE_STEP_CELLS * Int32Array.BYTES_PER_ELEMENT),
    );
    mutex.lock(); // held, so every worker's first lock() has to wait
    const run = watch(
      runWorkers(WAKE_WORKER, workers, () => ({
        lockBuffer: mutex.buffer,
        counterBuffer: counter.buffer,
        arrivedBuffer: arrived.buffer,
        stepsBuffer: steps.buffer,
        times,
      })),
    );
    await until(() => Atomics.load(arrived, 0) === workers, run);
    await sleep(200); // time for the workers to fall asleep in lock(); correct code passes either way
    const early = Atomics.load(counter, 0);
    because(
      `while the main thread held the lock, the workers got past lock() ${formatCount(early)} times; none may get past it until the main thread unlocks`,
      () => expect(early).toBe(0),
    );
    unlockWithWaiters(mutex, `${workers} workers were`);
    const outcome = await settle(
      finishInTime(run.outcome, () => Atomics.load(counter, 0), {
        total,
        stallMs: STALL_MS,
        giveUpAt,
        stuck: ({ done }) => {
          neverWoken = true;
          const after =
            done === 0
              ? 'not one of them got the lock afterwards'
              : `they made ${formatCount(done)} of their ${formatCount(total)} lock-unlock rounds and then the count stood still for 3 s or more`;
          return `${workers} workers waited in lock() while the main thread held the lock; after its unlock() ${after}: ${stuckWorkers(mutex.buffer)}`;
        },
        slow: `${workers} workers taking the lock in turn should finish in well under a second.`,
      }),
    );
    const mostInside = Atomics.load(steps, WAKE_MOST_OCCUPIED);
    because(
      `${workers} workers took the lock in turn; a worker woken in lock() by an unlock() was stopped at its first look at the lock after its Atomics.wait returned (just after a read that found it changed, just before a write) until another worker had taken the lock, then went on. Being woken does not make it the holder: it must find the lock taken and wait again (observed: the most workers that were between lock() and unlock() at once)`,
      () => expect(mostInside).toBeLessThanOrEqual(1),
    );
    if (!outcome.ok) {
      if (neverWoken || String(outcome.error).includes('too slow')) throw outcome.error;
      throw workerFailure('taking the lock in turn', outcome.error);
    }
    because(
      `${workers} workers each took the lock ${formatCount(times)} times and added 1 inside it, so the count must be ${formatCount(total)}`,
      () => expect(Atomics.load(counter, 0)).toBe(total),
    );
  },
  limitFor(WAKE),
);

const EXCLUSION = 'four workers never share a non-atomic critical section guarded by the mutex';

// The value below is updated with a plain read and write on purpose: only the Mutex protects it,
// so a broken Mutex cannot hide behind Atomics.add. The probe counts who is inside at once.
test(
  'four workers never share a non-atomic critical section guarded by the mutex',
  async () => {
    failIfNeverWoken();
    const giveUpAt = giveUpBefore(limitFor(EXCLUSION), 20_000, STALL_MS);
    const woken = await wokenAfterAnotherTookIt();
    because(
      'a worker asleep in lock() was woken by an unlock() and paused just after its Atomics.wait returned, while another worker took the free lock; then it went on. Being woken does not make it the holder: it must find the lock taken and wait again until the other worker unlocks (observed: whether both held the lock at once, whether the woken worker got it in the end, and any error)',
      () =>
        expect(woken).toEqual({
          bothWorkersHeldTheLockAtOnce: false,
          wokenWorkerGotTheLockInTheEnd: true,
          errors: [],
        }),
    );
    const workers = 4;
    const times = 100_000;
    const total = workers * times;
    const mutex = new Mutex();
    const probe = new OccupancyProbe();
    const value = newCounter();
    const run = await settle(
      finishInTime(
        runWorkers(EXCLUSION_WORKER, workers, () => ({
          lockBuffer: mutex.buffer,
          probeBuffer: probe.buffer,
          valueBuffer: value.buffer,
          times,
        })),
        () => Atomics.load(value, 0),
        {
          total,
          stallMs: STALL_MS,
          giveUpAt,
          stuck: ({ done }) =>
            `the workers are stuck: the critical section's count stood at ${formatCount(done)} of ${formatCount(total)} for 3 s or more while they were still running: ${stuckWorkers(mutex.buffer)}`,
          slow: 'Four workers taking a lock in turn should finish in a few seconds.',
        },
      ),
    );
    // Two workers inside at once is the root cause even when a worker then failed (a second
    // unlock() finding the lock already free), so it is reported first.
    because(
      `${probe.maximum} workers were inside the critical section at the same moment; a mutex must never let in more than one (lock/unlock and withLock alike). A worker may go in only after it has itself changed the shared state from free to held in one atomic step; finding the lock free, or being woken, does not make it the holder`,
      () => expect(probe.maximum).toBeLessThanOrEqual(1),
    );
    if (!run.ok) {
      const message = String((run.error as Error)?.message ?? run.error);
      if (message.startsWith('the workers are stuck') || message.startsWith('too slow'))
        throw run.error;
      throw workerFailure('entering the critical section in turn', run.error);
    }
    because(
      `the critical section ran ${formatCount(total)} times and each added 1 with a plain read and write`,
      () => expect(Atomics.load(value, 0)).toBe(total),
    );
  },
  limitFor(EXCLUSION),
);

const THROWS =
  'withLock releases the lock when the critical section throws, and passes the error on';

test(
  'withLock releases the lock when the critical section throws, and passes the error on',
  async () => {
    const giveUpAt = giveUpBefore(limitFor(THROWS), 15_000, STALL_MS);
    const mutex = new Mutex();
    // A fresh mutex is free, so whatever its buffer holds now means "free": while the critical
    // section runs, the buffer must say something else, or no other worker could see it is taken.
    const freeState = snapshot(mutex.buffer);
    let heldState: number[] = [];
    const returned = mutex.withLock(() => {
      heldState = snapshot(mutex.buffer);
      return 42;
    });
    because(
      `the critical section returned 42 and withLock returned ${String(returned)}: withLock must return what the critical section returns`,
      () => expect(returned).toBe(42),
    );
    because(
      `while withLock ran the critical section, the mutex's SharedArrayBuffer still read ${shown(heldState)}, as a fresh (free) one does: the lock must be taken before the critical section runs`,
      () => expect(heldState).not.toEqual(freeState),
    );
    const failure = new Error('thrown inside the critical section');
    const caught = thrownBy(() =>
      mutex.withLock(() => {
        throw failure;
      }),
    );
    because(
      `the critical section threw an Error and withLock ${describeThrown(caught)}: the very same error must come out of withLock, unchanged`,
      () => expect(caught).toBe(failure),
    );
    // Anything can be thrown, not only an Error: it comes out as it is, neither wrapped nor copied.
    const notAnError = { code: 'E_BUSY' };
    const caughtValue = thrownBy(() =>
      mutex.withLock(() => {
        throw notAnError;
      }),
    );
    because(
      `the critical section threw a plain object, { code: 'E_BUSY' }, and withLock ${describeThrown(caughtValue)}: whatever fn throws must come out of withLock as it is, not wrapped in a new Error`,
      () => expect(caughtValue).toBe(notAnError),
    );
    const taken = await anotherWorkerTakesIt(mutex.buffer, giveUpAt);
    because(
      `after withLock's critical section threw, another worker called lock() and did not get the lock (its buffer reads ${shown(snapshot(mutex.buffer))}): the lock was left held. Release it however the critical section ends`,
      () => expect(taken).toBe(true),
    );
  },
  limitFor(THROWS),
);

const UNLOCK_FREE =
  'unlock throws when the mutex is not locked, and the lock still works afterwards';

test(
  'unlock throws when the mutex is not locked, and the lock still works afterwards',
  async () => {
    const giveUpAt = giveUpBefore(limitFor(UNLOCK_FREE), 15_000, STALL_MS);
    const mutex = new Mutex();
    const refusedUnlock = (when: string) => {
      const before = snapshot(mutex.buffer);
      const thrown = thrownBy(() => mutex.unlock());
      because(
        `unlock() on a mutex that ${when} must throw an Error, and it ${describeThrown(thrown)}`,
        () => expect(types.isNativeError(thrown)).toBe(true),
      );
      const after = snapshot(mutex.buffer);
      because(
        `unlock() on a mutex that ${when} must leave the lock as it was, but its buffer went from ${shown(before)} to ${shown(after)}`,
        () => expect(after).toEqual(before),
      );
    };
    refusedUnlock('nobody locked');
    mutex.lock();
    mutex.unlock();
    refusedUnlock('was locked and then unlocked');
    const taken = await anotherWorkerTakesIt(mutex.buffer, giveUpAt);
    because(
      'after the refused unlock() calls, another worker called lock() on the free mutex and did not get it',
      () => expect(taken).toBe(true),
    );
  },
  limitFor(UNLOCK_FREE),
);

const SECOND_OBJECT = 'a second Mutex made on the buffer of a held lock is the same lock';

test(
  'a second Mutex made on the buffer of a held lock is the same lock',
  async () => {
    const giveUpAt = giveUpBefore(limitFor(SECOND_OBJECT), 15_000, STALL_MS);
    const first = new Mutex();
    first.lock();
    const held = snapshot(first.buffer);
    const second = new Mutex(first.buffer);
    const after = snapshot(first.buffer);
    because(
      `making a Mutex on the buffer of a held lock changed the buffer from ${shown(held)} to ${shown(after)}: the constructor must leave a buffer it is given as it is (a fresh buffer is already free)`,
      () => expect(after).toEqual(held),
    );
    because(
      'the lock was taken through one Mutex object, so unlock() through another object on the same buffer must release it, not throw',
      () => expect(() => second.unlock()).not.toThrow(),
    );
    because(
      'after the second object released the lock, unlock() through the first must throw: the lock is free',
      () => expect(() => first.unlock()).toThrow(),
    );
    // The lock has no owner: a lock taken in a worker is released from the main thread.
    const shared = new Mutex();
    await runWorkers(HOLD_LOCK_WORKER, 1, () => ({ lockBuffer: shared.buffer }));
    const refused = thrownBy(() => new Mutex(shared.buffer).unlock());
    because(
      `a worker took the lock and ended; unlock() from the main thread, through a Mutex on the same buffer, ${describeThrown(refused)}: the lock has no owner, so it must release it`,
      () => expect(refused).toBe(RETURNED),
    );
    const taken = await anotherWorkerTakesIt(shared.buffer, giveUpAt);
    because(
      'after the main thread released the lock a worker had taken, another worker called lock() and did not get it',
      () => expect(taken).toBe(true),
    );
  },
  limitFor(SECOND_OBJECT),
);
