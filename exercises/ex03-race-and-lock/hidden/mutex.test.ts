import * as path from 'path';
import { because, OccupancyProbe, runWorkers } from '@course/testkit';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';
import {
  finishUnlessStuck,
  formatCount,
  GOT_LOCK,
  limitFor,
  newCounter,
  newFlags,
  settle,
  sleep,
  TAKE_LOCK_WORKER,
  until,
  watch,
} from '../tests/helpers';

const EXCLUSION_WORKER = path.join(__dirname, 'exclusion-worker.ts');
const WAKE_WORKER = path.join(__dirname, 'wake-worker.ts');

const snapshot = (buffer: SharedArrayBuffer) => Array.from(new Uint8Array(buffer));

// Set when the wake-up test below finds its workers asleep for good. The tests after it would only
// deadlock the same way and spend their own time limits on it, so they fail at once instead.
let neverWoken = false;
const failIfNeverWoken = () => {
  if (neverWoken)
    throw new Error(
      'not run: in the wake-up test, workers waiting for the lock were never woken, so this test would deadlock too',
    );
};

test(
  'unlock wakes the workers that are waiting for the lock',
  async () => {
    const workers = 3;
    const times = 10_000;
    const mutex = new Mutex();
    const counter = newCounter();
    const arrived = newCounter();
    mutex.lock(); // held, so every worker's first lock() has to wait
    const run = watch(
      runWorkers(WAKE_WORKER, workers, () => ({
        lockBuffer: mutex.buffer,
        counterBuffer: counter.buffer,
        arrivedBuffer: arrived.buffer,
        times,
      })),
    );
    await until(() => Atomics.load(arrived, 0) === workers, run);
    await sleep(200); // time for the workers to fall asleep in lock(); correct code passes either way
    because('while the main thread holds the lock, no worker may get past lock()', () =>
      expect(Atomics.load(counter, 0)).toBe(0),
    );
    mutex.unlock();
    // Correct code lets a worker in within microseconds of unlock(). If, well before the time
    // limit, no worker has got in at all, note that they are asleep for good; then keep waiting,
    // so that a deadlock is still graded as a timeout.
    const limit = limitFor('unlock wakes the workers that are waiting for the lock') ?? 5000;
    const finished = await Promise.race([
      run.outcome.then(
        () => true,
        () => true,
      ),
      sleep(limit - 1500).then(() => false),
    ]);
    if (!finished && Atomics.load(counter, 0) === 0) neverWoken = true;
    await run.outcome;
    because(`${workers} workers each took the lock ${formatCount(times)} times`, () =>
      expect(Atomics.load(counter, 0)).toBe(workers * times),
    );
  },
  limitFor('unlock wakes the workers that are waiting for the lock'),
);

// The value below is updated with a plain read and write on purpose: only the Mutex protects it,
// so a broken Mutex cannot hide behind Atomics.add. The probe counts who is inside at once.
test(
  'four workers never share a non-atomic critical section guarded by the mutex',
  async () => {
    failIfNeverWoken();
    const workers = 4;
    const times = 100_000;
    const mutex = new Mutex();
    const probe = new OccupancyProbe();
    const value = newCounter();
    const run = await settle(
      finishUnlessStuck(
        runWorkers(EXCLUSION_WORKER, workers, () => ({
          lockBuffer: mutex.buffer,
          probeBuffer: probe.buffer,
          valueBuffer: value.buffer,
          times,
        })),
        () => Atomics.load(value, 0),
        3000,
        (stuckAt) =>
          `the workers are stuck: the critical section's count stayed at ${formatCount(stuckAt)} for 3 s while they were still running. A worker waiting for the lock is never woken`,
      ),
    );
    // Two workers inside at once is the root cause even when a worker then failed (a second
    // unlock() finding the lock already free), so it is reported first.
    because(
      `${probe.maximum} workers were inside the critical section at the same moment; a mutex must never let in more than one. Taking the lock must be a single atomic step on state in the SharedArrayBuffer (withLock included)`,
      () => expect(probe.maximum).toBeLessThanOrEqual(1),
    );
    if (!run.ok) throw run.error;
    because(
      `the critical section ran ${formatCount(workers * times)} times and each added 1 with a plain read and write`,
      () => expect(Atomics.load(value, 0)).toBe(workers * times),
    );
  },
  limitFor('four workers never share a non-atomic critical section guarded by the mutex'),
);

test(
  'withLock releases the lock when the critical section throws, and passes the error on',
  async () => {
    const mutex = new Mutex();
    // A fresh mutex is free, so whatever its buffer holds now means "free": while the critical
    // section runs, the buffer must say something else, or no other worker could see it is taken.
    const freeState = snapshot(mutex.buffer);
    let heldState: number[] = [];
    because('withLock must return what the critical section returns', () =>
      expect(
        mutex.withLock(() => {
          heldState = snapshot(mutex.buffer);
          return 42;
        }),
      ).toBe(42),
    );
    because(
      "while withLock runs the critical section, the lock must be taken: the mutex's SharedArrayBuffer still read as free",
      () => expect(heldState).not.toEqual(freeState),
    );
    const failure = new Error('thrown inside the critical section');
    let caught: unknown;
    try {
      mutex.withLock(() => {
        throw failure;
      });
    } catch (error) {
      caught = error;
    }
    because(
      'the error thrown inside the critical section must come out of withLock unchanged',
      () => expect(caught).toBe(failure),
    );
    // If the lock was left held, this worker waits for it forever and the test times out.
    const flags = newFlags();
    await runWorkers(TAKE_LOCK_WORKER, 1, () => ({
      lockBuffer: mutex.buffer,
      flagsBuffer: flags.buffer,
    }));
    because('after withLock ended, another worker must be able to take the lock', () =>
      expect(Atomics.load(flags, GOT_LOCK)).toBe(1),
    );
  },
  limitFor('withLock releases the lock when the critical section throws, and passes the error on'),
);

test(
  'unlock throws when the mutex is not locked, and the lock still works afterwards',
  async () => {
    const mutex = new Mutex();
    because('unlock() on a mutex that nobody locked must throw', () =>
      expect(() => mutex.unlock()).toThrow(),
    );
    mutex.lock();
    mutex.unlock();
    because('a second unlock() after lock() and unlock() must throw', () =>
      expect(() => mutex.unlock()).toThrow(),
    );
    // The refused unlocks must have left the lock free and working, for another worker too.
    const flags = newFlags();
    await runWorkers(TAKE_LOCK_WORKER, 1, () => ({
      lockBuffer: mutex.buffer,
      flagsBuffer: flags.buffer,
    }));
    because(
      'after the refused unlock() calls, another worker must still be able to take the lock',
      () => expect(Atomics.load(flags, GOT_LOCK)).toBe(1),
    );
  },
  limitFor('unlock throws when the mutex is not locked, and the lock still works afterwards'),
);
