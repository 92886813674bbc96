import { because } from '@course/testkit';
import { type CaseTable, runCaseTable } from '@course/testkit/case-table';
import { runThreads } from '@subject/ex02-threads-and-join/threads';
import runCalls from './cases/run-threads.json';
import { type CallOutcome, type RunCase, describeRunCase, playRunCase } from './run-case';

// Generated cases (solutions/ex02-threads-and-join/cases/), each with the outcome the reference
// gave at authoring time. The smallest case that fails is the one reported.

test('runThreads reports, returns and rejects as expected on generated tasks and calls', async () => {
  await runCaseTable<RunCase, CallOutcome[]>(runCalls as CaseTable, {
    describe: describeRunCase,
    atOnce: 5,
    run: async (input, expected) => {
      const outcomes = await playRunCase(input, runThreads as never);
      because(
        "for each call: what it reported ('started' once all are started, 'finished' only when all succeeded), then its results in task order (each the last message posted, whatever its value), or the failure of the first failed task in task order (the value it threw as it is, or an Error whose message names the exit code); calls made at the same time, one inside another, or after a failure share nothing",
        () => expect(outcomes).toStrictEqual(expected),
      );
    },
  });
});
