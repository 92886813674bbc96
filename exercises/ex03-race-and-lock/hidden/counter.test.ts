import { because } from '@course/testkit';
import { countWithLock, countWithoutLock } from '@subject/ex03-race-and-lock/counter';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';
import { limitFor, newCounter } from '../tests/helpers';

const BOUNDARIES =
  'countWithoutLock and countWithLock add nothing when times is 0, and exactly 1 when it is 1';

// The smallest counts: a loop that tests its condition after the first update, or runs one time
// too many, shows here and nowhere else (ten million updates hide an off-by-one in the noise).
test(
  'countWithoutLock and countWithLock add nothing when times is 0, and exactly 1 when it is 1',
  () => {
    const mutex = new Mutex();
    const cases: [string, (counter: Int32Array, times: number) => void][] = [
      ['countWithoutLock(counter, times)', (counter, times) => countWithoutLock(counter, times)],
      [
        'countWithLock(counter, times, mutex)',
        (counter, times) => countWithLock(counter, times, mutex),
      ],
    ];
    for (const [call, count] of cases) {
      for (const times of [0, 1]) {
        const counter = newCounter();
        counter[0] = 7;
        count(counter, times);
        because(
          `${call.replace('times', String(times))} with counter[0] at 7 left ${counter[0]}: it must add 1 exactly ${times} time${times === 1 ? '' : 's'}`,
          () => expect(counter[0]).toBe(7 + times),
        );
      }
    }
  },
  limitFor(BOUNDARIES),
);

const READS_UNDER_LOCK =
  'countWithLock reads counter[0] only once it holds the mutex: an update made while it waits is kept';

// A counter read before lock() is a lost update whenever another worker changes the counter while
// this one waits for the mutex; with workers that shows only by luck. Here a stand-in mutex makes
// that change itself at every lock(), as the worker that held the lock would have just before
// releasing it, so the bad interleaving happens on every update, in one thread.
test(
  'countWithLock reads counter[0] only once it holds the mutex: an update made while it waits is kept',
  () => {
    const counter = newCounter();
    counter[0] = 7;
    const BY_OTHER_WORKER = 100;
    let locks = 0;
    const standIn = Object.create(Mutex.prototype, {
      buffer: { value: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT) },
      lock: {
        value: () => {
          locks++;
          counter[0] += BY_OTHER_WORKER;
        },
      },
      unlock: { value: () => undefined },
      withLock: {
        value: <T>(criticalSection: () => T): T => {
          standIn.lock();
          try {
            return criticalSection();
          } finally {
            standIn.unlock();
          }
        },
      },
    }) as Mutex;
    const times = 20;
    countWithLock(counter, times, standIn);
    because(
      `countWithLock(counter, ${times}, mutex) took the mutex ${locks} times, and each time another worker had added ${BY_OTHER_WORKER} while it waited: counter[0] must end at 7 + ${locks} x ${BY_OTHER_WORKER} + ${times} (a value read before lock() writes over the other worker's update)`,
      () => expect(counter[0]).toBe(7 + locks * BY_OTHER_WORKER + times),
    );
  },
  limitFor(READS_UNDER_LOCK),
);
