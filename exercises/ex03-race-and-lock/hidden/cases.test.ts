import { because } from '@course/testkit';
import { type CaseTable, runCaseTable } from '@course/testkit/case-table';
import { countWithLock, countWithoutLock } from '@subject/ex03-race-and-lock/counter';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';
import lockCalls from './cases/lock-calls.json';
import { type LockCase, type LockOutcome, describeLockCase, playLockCase } from './lock-case';

// Generated cases (solutions/ex03-race-and-lock/cases/), each with the outcome the reference gave
// at authoring time. The smallest case that fails is the one reported.

test('the lock and the counts give the expected answers on generated calls from one thread', async () => {
  await runCaseTable<LockCase, LockOutcome>(lockCalls as CaseTable, {
    describe: describeLockCase,
    run: (input, expected) =>
      because(
        "the default buffer's size (4 bytes), then each call's answer in order: unlock of a free lock throws an Error and leaves the buffer as it was; the lock has no owner (any Mutex on the buffer unlocks it) and a new Mutex on a buffer leaves it as it is; withLock returns what its section returned, or throws what it threw unchanged, and frees the lock either way; a count adds exactly `times` to the counter, as an Int32Array does",
        () =>
          expect(
            playLockCase(input, { Mutex, countWithoutLock, countWithLock } as never, expected),
          ).toStrictEqual(expected),
      ),
  });
});
