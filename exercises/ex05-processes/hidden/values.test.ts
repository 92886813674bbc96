import * as path from 'path';
import { because } from '@course/testkit';
import { recordChildren } from '@course/testkit/children';
import { runInProcesses } from '@subject/ex05-processes/processes';
import { settle } from './watch';
import { type CaseTable, runCaseTable } from '@course/testkit/case-table';
import processCalls from './cases/run-in-processes.json';
import {
  type CallOutcome,
  type ProcessCase,
  describeProcessCase,
  playProcessCase,
} from './run-case';

const TASKS = path.join(__dirname, 'tasks.ts');

test('falsy results such as 0, an empty string, false and null come back as results', async () => {
  const inputs = [0, '', false, null];
  const outcome = await settle(runInProcesses({ module: TASKS, name: 'echo' }, inputs));
  because(
    'each child returned its input unchanged; a result that is 0, "", false or null is still a result, not a missing one (observed: how runInProcesses settled)',
    () => expect(outcome).toEqual({ status: 'resolved', value: inputs }),
  );
});

test('repeated inputs each get their own child and their own place in the results', async () => {
  const recording = recordChildren();
  try {
    const results = await runInProcesses<number, number>(
      { module: TASKS, name: 'square' },
      [3, 2, 3, 2],
    );
    because('results[i] is the square of inputs[i], equal inputs included', () =>
      expect(results).toEqual([9, 4, 9, 4]),
    );
    because('one child per input, four inputs', () => expect(recording.children.length).toBe(4));
  } finally {
    recording.stop();
  }
});

test('no inputs: runInProcesses resolves with no results and starts no child', async () => {
  const recording = recordChildren();
  try {
    // Correct code resolves at once; the patience only turns a promise that never settles into
    // a message instead of a timeout.
    const outcome = await settle(runInProcesses({ module: TASKS, name: 'square' }, []), 3_000);
    because(
      'with nothing to run, runInProcesses resolves with [] (observed: how it had settled 3 s later)',
      () => expect(outcome).toEqual({ status: 'resolved', value: [] }),
    );
    because('and it starts no child', () => expect(recording.children.length).toBe(0));
  } finally {
    recording.stop();
  }
});

// Generated cases (solutions/ex05-processes/cases/), each with the outcome the reference gave at
// authoring time. The smallest case that fails is the one reported.
test('runInProcesses resolves and rejects as expected on generated inputs and calls', async () => {
  await runCaseTable<ProcessCase, CallOutcome[]>(processCalls as CaseTable, {
    describe: describeProcessCase,
    // Each case mostly waits for children to start; more at once would only crowd the machine.
    atOnce: 4,
    run: async (input, expected) => {
      const outcomes = await playProcessCase(input, runInProcesses as never);
      because(
        'for each call: its results in input order (each the value its child sent, equal inputs and falsy values included), or a ChildProcessError for the child that failed first in time (its index, its exit code, null after a signal, and its signal), with none of its children still running; calls made at the same time or after a failure share nothing',
        () => expect(outcomes).toStrictEqual(expected),
      );
    },
  });
});
