// First: what the code under test sees of the machine (two cores, see two-cores.ts).
import { CORES_SHOWN } from './two-cores';
import * as path from 'path';
import { because, isInstance } from '@course/testkit';
import { ChildProcessError, runInProcesses } from '@subject/ex05-processes/processes';
import { SUBJECT_FILE, runProgram } from '../tests/run-program';
import { Cue, callsHere } from './tasks';
import { describeError, leftRunning, settle, watch } from './watch';

const TASKS = path.join(__dirname, 'tasks.ts');

/** The probe's own line of output (see import-probe.ts). */
function probeReport(stdout: string): unknown {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('probe: '));
  return line ? JSON.parse(line.slice('probe: '.length)) : `no report in: ${stdout}`;
}

test('importing processes.ts in a plain Node process starts no child process', async () => {
  const probe = await runProgram(path.join(__dirname, 'import-probe.ts'), [SUBJECT_FILE]);
  because(`the import must finish without errors\n${probe.stderr}`, () =>
    expect(probe.code).toBe(0),
  );
  because(
    'a module that is only imported must start nothing: start processes only when the file is run as a program or as a child',
    () => expect(probeReport(probe.stdout)).toEqual({ started: 0 }),
  );
});

test('results are matched to their inputs even when the children finish in reverse order', async () => {
  const watched = watch(3);
  try {
    const results = await runInProcesses<Cue, number>(
      { module: TASKS, name: 'finishInReverse' },
      watched.cues,
    );
    const expected = [1, 11, 21];
    const sameValues =
      Array.isArray(results) &&
      JSON.stringify([...results].sort()) === JSON.stringify([...expected].sort());
    because(
      sameValues
        ? 'the last task finished first: the results are the right values in the order the children finished, but results[i] must be the result of inputs[i]'
        : 'results[i] must be the result of inputs[i], each sent back by its child (observed: the values runInProcesses resolved with)',
      () => expect(results).toEqual(expected),
    );
  } finally {
    watched.end();
  }
});

test('a crashing child makes runInProcesses reject with its exit code, and no other child is left running', async () => {
  const watched = watch(3);
  try {
    const inputs = watched.cues.map((cue) => (cue.index === 1 ? { ...cue, crashWith: 3 } : cue));
    const outcome = await settle(runInProcesses({ module: TASKS, name: 'crashOrWait' }, inputs));
    because(
      'task 1 exited with code 3 without a result: runInProcesses must reject, not resolve as if all went well',
      () => expect(outcome.status).toBe('rejected'),
    );
    const error = (outcome as { error: unknown }).error;
    because(
      "the error is a ChildProcessError for the child that crashed first, task 1 with exit code 3, not for one of the children stopped after it (observed: the error's class, index, exitCode and signal)",
      () =>
        expect({
          ...describeError(error),
          isChildProcessError: isInstance(error, ChildProcessError),
        }).toEqual({
          name: 'ChildProcessError',
          index: 1,
          exitCode: 3,
          signal: null,
          isChildProcessError: true,
        }),
    );
    because(
      'the other two children were still waiting: stop them, and wait until they have exited, before rejecting',
      () => expect(leftRunning(watched.recording)).toEqual({ notExited: 0, pidsStillRunning: [] }),
    );
  } finally {
    watched.end();
  }
});

test('no child process is left running after runInProcesses resolves', async () => {
  const watched = watch(3);
  try {
    const results = await runInProcesses<number, { input: number }>(
      { module: TASKS, name: 'identify' },
      [1, 2, 3],
    );
    because('every task ran', () =>
      expect(results.map((result) => result.input)).toEqual([1, 2, 3]),
    );
    because(
      'when runInProcesses resolves, every child it started must have exited (a child with an open channel to its parent keeps running)',
      () => expect(leftRunning(watched.recording)).toEqual({ notExited: 0, pidsStillRunning: [] }),
    );
  } finally {
    watched.end();
  }
});

test("each task runs in a child process of its own, and the parent's memory is untouched", async () => {
  const watched = watch(3);
  try {
    const results = await runInProcesses<
      number,
      { input: number; pid: number; parentPid: number; callsInThisCopy: number }
    >({ module: TASKS, name: 'identify' }, [1, 2, 3]);
    const pids = Array.isArray(results) ? results.map((result) => result?.pid) : [];
    because('three results, one per input, in input order', () =>
      expect(results.map((result) => result?.input)).toEqual([1, 2, 3]),
    );
    because('three different processes, none of them the test process itself', () =>
      expect(new Set(pids.filter((pid) => pid !== process.pid)).size).toBe(3),
    );
    because('each a child of the test process', () =>
      expect(results.map((result) => result.parentPid)).toEqual([
        process.pid,
        process.pid,
        process.pid,
      ]),
    );
    because(
      'each child loaded its own copy of the task module, and the copy in this process never ran: processes share no memory, so results can only come back by message',
      () =>
        expect({
          callsInEachChild: results.map((result) => result.callsInThisCopy),
          callsInTheParent: callsHere(),
        }).toEqual({ callsInEachChild: [1, 1, 1], callsInTheParent: 0 }),
    );
  } finally {
    watched.end();
  }
});

test('children run at the same time, not one after another', async () => {
  // More children than the machine shows cores (two-cores.ts): "all at the same time, however
  // many there are" leaves no room for a pool the size of the machine.
  const count = 3 * CORES_SHOWN;
  const watched = watch(count);
  try {
    const results = await runInProcesses<Cue, { index: number; met: boolean }>(
      { module: TASKS, name: 'meet' },
      watched.cues,
    );
    const { sawOneAtATime, startedAtOnce } = watched.referee;
    because(
      !sawOneAtATime
        ? `all ${count} children must be running at the same moment`
        : startedAtOnce === 1
          ? 'the second child was started only after the first had finished: start every child first, then wait for all of them'
          : `${startedAtOnce} of the ${count} children were started, and no more while they ran: start every child first, however many there are (more than the machine has cores too), then wait for all of them`,
      () => expect(results.map((result) => result.met)).toEqual(Array<boolean>(count).fill(true)),
    );
  } finally {
    watched.end();
  }
});
