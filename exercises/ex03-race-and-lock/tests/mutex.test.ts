import { because, runWorkers } from '@course/testkit';
import { countWithLock } from '@subject/ex03-race-and-lock/counter';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';
import {
  COUNT_WORKER,
  finishUnlessStuck,
  formatCount,
  GOT_LOCK,
  limitFor,
  newCounter,
  settle,
  newFlags,
  sleep,
  TAKE_LOCK_WORKER,
  TRYING,
  until,
  watch,
} from './helpers';

test(
  'a Mutex on the same buffer in a worker waits while the main thread holds the lock',
  async () => {
    const mutex = new Mutex();
    const flags = newFlags();
    mutex.lock();
    const run = watch(
      runWorkers(TAKE_LOCK_WORKER, 1, () => ({
        lockBuffer: mutex.buffer,
        flagsBuffer: flags.buffer,
      })),
    );
    await until(() => Atomics.load(flags, TRYING) === 1, run);
    await sleep(150); // time for the worker's lock() to return, if it wrongly does
    because(
      "the main thread holds the lock, so the worker's lock() on a Mutex made from the same buffer must not return yet. Is the lock's state in the SharedArrayBuffer, where every worker sees it?",
      () => expect(Atomics.load(flags, GOT_LOCK)).toBe(0),
    );
    mutex.unlock();
    // Whether the worker is then woken is checked by the ten-worker test below; here only a worker
    // that failed (say, its constructor threw) must still be reported.
    if (run.settled()) await run.outcome;
  },
  limitFor('a Mutex on the same buffer in a worker waits while the main thread holds the lock'),
);

test(
  'countWithLock makes every update while holding the mutex',
  () => {
    const counter = newCounter();
    // A stand-in for the mutex that watches counter[0] change while it is held and while it is not.
    let depth = 0;
    let outside = 0;
    let unlockedTooOften = false;
    let seen = 0;
    const observe = () => {
      const now = counter[0];
      if (depth === 0) outside += now - seen;
      seen = now;
    };
    const spy = Object.create(Mutex.prototype, {
      buffer: { value: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT) },
      lock: {
        value: () => {
          observe();
          depth++;
        },
      },
      unlock: {
        value: () => {
          observe();
          if (depth === 0) unlockedTooOften = true;
          else depth--;
        },
      },
      withLock: {
        value: <T>(criticalSection: () => T): T => {
          spy.lock();
          try {
            return criticalSection();
          } finally {
            spy.unlock();
          }
        },
      },
    }) as Mutex;

    countWithLock(counter, 50, spy);
    observe();
    because('countWithLock(counter, 50, mutex) must add 50 to counter[0]', () =>
      expect(counter[0]).toBe(50),
    );
    because(
      `every update must happen between mutex.lock() and mutex.unlock() (or inside mutex.withLock), but ${outside} of them happened while the mutex was not held`,
      () => expect(outside).toBe(0),
    );
    because('the mutex must be unlocked once for every lock, and be free at the end', () => {
      expect(unlockedTooOften).toBe(false);
      expect(depth).toBe(0);
    });
  },
  limitFor('countWithLock makes every update while holding the mutex'),
);

test(
  'ten workers adding 1,000,000 each under the mutex end at exactly 10,000,000',
  async () => {
    const workers = 10;
    const times = 1_000_000;
    const mutex = new Mutex();
    const counter = newCounter();
    const run = await settle(
      finishUnlessStuck(
        runWorkers(COUNT_WORKER, workers, () => ({
          counterBuffer: counter.buffer,
          lockBuffer: mutex.buffer,
          times,
        })),
        () => Atomics.load(counter, 0),
        3000,
        (stuckAt) =>
          `the workers are stuck: counter[0] stayed at ${formatCount(stuckAt)} for 3 s while they were still running. Every waiting worker is asleep and nobody wakes it: does unlock() call Atomics.notify when someone may be waiting?`,
      ),
    );
    if (!run.ok) {
      const message = String((run.error as Error)?.message ?? run.error);
      throw new Error(
        message.startsWith('the workers are stuck')
          ? message
          : `a worker failed while counting under the lock: ${message}. If unlock() complained that the mutex was not locked, two workers held the lock at once and the other one had already released it`,
      );
    }
    const total = Atomics.load(counter, 0);
    const explanation =
      total === 0
        ? `${workers} workers each called countWithLock(counter, ${formatCount(times)}, mutex) and counter[0] is still 0: countWithLock must add 1, ${formatCount(times)} times`
        : `${workers} workers each called countWithLock(counter, ${formatCount(times)}, mutex) on one shared lock and ${formatCount(workers * times - total)} updates were lost: two workers were inside the lock at the same moment. Taking the lock must be one atomic step (Atomics.compareExchange), on state kept in the SharedArrayBuffer`;
    because(explanation, () => expect(total).toBe(workers * times));
  },
  limitFor('ten workers adding 1,000,000 each under the mutex end at exactly 10,000,000'),
);
