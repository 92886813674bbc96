import { because, runWorkers } from '@course/testkit';
import { countWithLock } from '@subject/ex03-race-and-lock/counter';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';
import {
  COUNT_WORKER,
  finishInTime,
  formatCount,
  giveUpBefore,
  GOT_LOCK,
  limitFor,
  newCounter,
  settle,
  newFlags,
  sleep,
  STALL_MS,
  stuckWorkers,
  TAKE_LOCK_WORKER,
  TRYING,
  unlockWithWaiters,
  until,
  watch,
  workerFailure,
} from './helpers';
import { newTally, tallyProblem } from './section-tally';

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
      "the worker's lock() returned while the main thread held the lock. A Mutex made from the same buffer is the same lock: its state must be in the SharedArrayBuffer (a field of the object exists once per worker), and making a Mutex on a buffer must not change what the buffer says",
      () => expect(Atomics.load(flags, GOT_LOCK)).toBe(0),
    );
    unlockWithWaiters(mutex, 'a worker was');
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

const TEN_WORKERS = 'ten workers adding 1,000,000 each under the mutex end at exactly 10,000,000';

test(
  'ten workers adding 1,000,000 each under the mutex end at exactly 10,000,000',
  async () => {
    const workers = 10;
    const times = 1_000_000;
    const total = workers * times;
    const giveUpAt = giveUpBefore(limitFor(TEN_WORKERS), 45_000, STALL_MS);
    const mutex = new Mutex();
    const counter = newCounter();
    // Where the workers' critical sections are marked, out of the code under test's reach.
    const tally = newTally(counter);
    const run = await settle(
      finishInTime(
        runWorkers(COUNT_WORKER, workers, () => ({
          counterBuffer: counter.buffer,
          lockBuffer: mutex.buffer,
          tallyBuffer: tally,
          times,
        })),
        () => Atomics.load(counter, 0),
        {
          total,
          stallMs: STALL_MS,
          giveUpAt,
          stuck: ({ done, seconds }) =>
            done === 0
              ? `the workers are stuck: in ${seconds} s not one update was made, so no worker got through lock(): ${stuckWorkers(mutex.buffer)}`
              : `the workers are stuck: counter[0] stood at ${formatCount(done)} of ${formatCount(total)} for 3 s or more (${seconds} s in) while they were still running: ${stuckWorkers(mutex.buffer)}`,
          slow: 'Ten workers on two cores need a lock that a running worker can take again. A lock that hands itself to a sleeping waiter at every unlock (a strictly first-come-first-served ticket lock, say) never loses an update, but it makes every one of the 10,000,000 updates wait for a sleeping worker to be woken and scheduled, which takes minutes here. Let unlock() free the lock and wake a waiter, and let whichever worker asks first take it.',
        },
      ),
    );
    if (!run.ok) {
      const message = String((run.error as Error)?.message ?? run.error);
      if (message.startsWith('the workers are stuck') || message.startsWith('too slow'))
        throw run.error;
      throw workerFailure('counting under the lock', run.error);
    }
    const counted = Atomics.load(counter, 0);
    const explanation =
      counted === 0
        ? `${workers} workers each called countWithLock(counter, ${formatCount(times)}, mutex) and counter[0] is still 0: countWithLock must add 1, ${formatCount(times)} times`
        : counted > total
          ? `${workers} workers each called countWithLock(counter, ${formatCount(times)}, mutex) and counter[0] ended at ${formatCount(counted)}, more than ${formatCount(total)}: countWithLock must add 1 exactly ${formatCount(times)} times`
          : `${workers} workers each called countWithLock(counter, ${formatCount(times)}, mutex) on one shared lock and ${formatCount(total - counted)} updates were lost: two workers were inside the lock at the same moment. A worker may go in only after it has itself changed the shared state from free to held in one atomic step; finding it free is not enough, nor is having been woken`;
    because(explanation, () => expect(counted).toBe(total));
    // counter[0] is the code's own to write: the sections as the test saw them must agree.
    const problem = tallyProblem(tally, counted);
    because(problem ?? 'every critical section had the lock to itself', () =>
      expect(problem).toBeUndefined(),
    );
  },
  limitFor(TEN_WORKERS),
);
