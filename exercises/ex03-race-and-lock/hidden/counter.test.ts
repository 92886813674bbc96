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
