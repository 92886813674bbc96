import { because } from '@course/testkit';
import { type CaseTable, runCaseTable } from '@course/testkit/case-table';
import { runEventLoop } from '@subject/ex01-generator-tasks/event-loop';
import loopCalls from './cases/loop-calls.json';
import { type LoopCase, type LoopOutcome, describeLoopCase, playLoopCase } from './loop-script';

// Generated cases (solutions/ex01-generator-tasks/cases/), each with the outcome the reference gave
// at authoring time. The smallest case that fails is the one reported.

test('runEventLoop gives the expected results and errors on generated task lists', async () => {
  await runCaseTable<LoopCase, LoopOutcome>(loopCalls as CaseTable, {
    describe: describeLoopCase,
    run: (input, expected) =>
      because(
        'the trace lists every next() call in order ("A!" is a call after A had finished); then, per call of runEventLoop, its results or the TaskError it threw (taskName, cause, results)',
        () => expect(playLoopCase(input, runEventLoop as never)).toStrictEqual(expected),
      ),
  });
});
