import * as fs from 'fs';
import * as path from 'path';
import { because, isInstance } from '@course/testkit';
import { ChildProcessError, runInProcesses } from '@subject/ex05-processes/processes';
import type { ChildProcess, ForkOptions } from 'child_process';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess = require('child_process') as typeof import('child_process');
import type { Ending } from './tasks';
import { describeError, leftRunning, settle, watch } from './watch';

const TASKS = path.join(__dirname, 'tasks.ts');

/** A copy of the subject's module loaded now, apart from the one imported above. */
function freshSubject(): typeof import('@subject/ex05-processes/processes') {
  let subject!: typeof import('@subject/ex05-processes/processes');
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    subject = require('@subject/ex05-processes/processes');
  });
  return subject;
}

const gone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Resolves once `condition` holds, checking every 10 ms. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * Runs three crashOrWait tasks, task 1 ending as `ending` says once all three run, and returns how
 * runInProcesses settled and what was left running. `others` is how the other two wait.
 */
async function runWithFailure(
  ending: Ending,
  others: Ending = {},
  patienceAfterFailureMs?: number,
) {
  const watched = watch(3);
  let ended = false;
  try {
    const inputs = watched.cues.map((cue) =>
      cue.index === 1 ? { ...cue, ...ending } : { ...cue, ...others },
    );
    const run = runInProcesses({ module: TASKS, name: 'crashOrWait' }, inputs);
    // Patience counts from the moment the failing child is gone (starting children can take
    // seconds on a busy machine), so only code that waits for the others runs out of it.
    let settled = false;
    run.then(
      () => (settled = true),
      () => (settled = true),
    );
    const failed = until(() => settled || watched.recording.children.some(gone));
    // Half a second after the failure, tell the waiting tasks to give up (deaf ones do not), so
    // code that waits for them instead of stopping them still settles and can be judged.
    void failed
      .then(() => new Promise((resolve) => setTimeout(resolve, 500)))
      .then(() => {
        if (!ended) watched.markers.write('stop');
      });
    const outcome = await settle(
      run,
      patienceAfterFailureMs === undefined ? undefined : failed.then(() => patienceAfterFailureMs),
    );
    return { outcome, left: leftRunning(watched.recording) };
  } finally {
    ended = true;
    watched.end();
  }
}

/** The error's fields, as a test compares them. */
const errorOf = (outcome: Awaited<ReturnType<typeof runWithFailure>>['outcome']) =>
  outcome.status === 'rejected'
    ? {
        ...describeError(outcome.error),
        isChildProcessError: isInstance(outcome.error, ChildProcessError),
      }
    : outcome;

test('a child that exits with code 0 without sending a result makes runInProcesses reject', async () => {
  const { outcome, left } = await runWithFailure({ crashWith: 0 });
  because(
    'task 1 ended with exit code 0 but never sent its result: that is a failure, not an undefined result (observed: how runInProcesses settled, and the error)',
    () =>
      expect(errorOf(outcome)).toEqual({
        name: 'ChildProcessError',
        index: 1,
        exitCode: 0,
        signal: null,
        isChildProcessError: true,
      }),
  );
  because('the other children were stopped and have exited', () =>
    expect(left).toEqual({ notExited: 0, pidsStillRunning: [] }),
  );
});

test('a child killed by a signal makes runInProcesses reject with that signal', async () => {
  const { outcome, left } = await runWithFailure({ killWith: 'SIGKILL' });
  because(
    'task 1 was killed by SIGKILL: its exit code is null and its signal SIGKILL, and it sent no result (observed: how runInProcesses settled, and the error)',
    () =>
      expect(errorOf(outcome)).toEqual({
        name: 'ChildProcessError',
        index: 1,
        exitCode: null,
        signal: 'SIGKILL',
        isChildProcessError: true,
      }),
  );
  because('the other children were stopped and have exited', () =>
    expect(left).toEqual({ notExited: 0, pidsStillRunning: [] }),
  );
  // A child killed before it received its task was started (it has a pid) and exits without a
  // result like any other: sending it the task fails (EPIPE, an 'error' that comes before its
  // 'close'), but that error is only the answer for a child that could not be started at all.
  let subject!: ReturnType<typeof freshSubject>;
  const early = await withForkChanged({ then: killAtOnce }, () => {
    subject = freshSubject();
    return settle(subject.runInProcesses({ module: TASKS, name: 'square' }, [2]), 5000);
  });
  because(
    "task 0's child was started and killed by SIGKILL before it received its task: runInProcesses rejects with a ChildProcessError for it, not with the error of sending the task to a dead child (EPIPE), which is the answer only for a child that could not be started, with no pid (observed: how runInProcesses settled, and the error)",
    () =>
      expect(
        early.status === 'rejected'
          ? {
              ...describeError(early.error),
              isChildProcessError: isInstance(early.error, subject.ChildProcessError),
            }
          : early,
      ).toEqual({
        name: 'ChildProcessError',
        index: 0,
        exitCode: null,
        signal: 'SIGKILL',
        isChildProcessError: true,
      }),
  );
});

test('a task that throws makes runInProcesses reject for that task', async () => {
  const { outcome, left } = await runWithFailure({ throwMessage: 'task 1 gave up' });
  const error = errorOf(outcome) as { exitCode?: unknown };
  because(
    'the task threw in its child, so the child ended without a result: runInProcesses rejects with a ChildProcessError for task 1 whose exit code is not 0 (observed: how runInProcesses settled, and the error)',
    () =>
      expect({ ...error, exitCode: error.exitCode === 0 ? 0 : 'not 0' }).toEqual({
        name: 'ChildProcessError',
        index: 1,
        exitCode: 'not 0',
        signal: null,
        isChildProcessError: true,
      }),
  );
  because('the other children were stopped and have exited', () =>
    expect(left).toEqual({ notExited: 0, pidsStillRunning: [] }),
  );
});

test('a child that answers and then exits with a code other than 0, or is killed, makes runInProcesses reject', async () => {
  const endings = [
    {
      ending: { answerThenExitWith: 4 },
      how: 'exited with code 4: a result and exit code 0 make a success',
      exitCode: 4,
      signal: null,
    },
    {
      ending: { answerThenKillWith: 'SIGKILL' as const },
      how: 'was killed by SIGKILL: its exit code is null, and null is not 0 (a test like `!code` takes it for success)',
      exitCode: null,
      signal: 'SIGKILL',
    },
  ];
  for (const { ending, how, exitCode, signal } of endings) {
    const { outcome, left } = await runWithFailure(ending);
    because(
      `task 1 sent its result and then ${how}, so this is a failure (observed: how runInProcesses settled, and the error)`,
      () =>
        expect(errorOf(outcome)).toEqual({
          name: 'ChildProcessError',
          index: 1,
          exitCode,
          signal,
          isChildProcessError: true,
        }),
    );
    because('the other children were stopped and have exited', () =>
      expect(left).toEqual({ notExited: 0, pidsStillRunning: [] }),
    );
  }
});

/**
 * Runs `run` with child_process.fork giving every child `change.options` and handing it to
 * `change.then` before the code under test gets it. `run` should call a copy of the subject loaded
 * inside it (freshSubject), so code that keeps its own reference to fork, taken when its module is
 * loaded, is changed too.
 */
async function withForkChanged<T>(
  change: { options?: ForkOptions; then?: (child: ChildProcess) => void },
  run: () => Promise<T>,
): Promise<T> {
  const original = childProcess.fork;
  (childProcess as { fork: unknown }).fork = (
    modulePath: string,
    args?: readonly string[] | ForkOptions,
    options?: ForkOptions,
  ) => {
    const child = Array.isArray(args)
      ? original(modulePath, args, { ...options, ...change.options })
      : original(modulePath, { ...(args as ForkOptions | undefined), ...change.options });
    change.then?.(child);
    return child;
  };
  try {
    return await run();
  } finally {
    (childProcess as { fork: unknown }).fork = original;
  }
}

/**
 * Kills a child that has just been started and returns once it is dead, so that the code under
 * test sends its task to a child that is gone. Dead means its end of the message channel is
 * closed, which the parent's end reads as the end of the stream; until then a read finds nothing
 * (EAGAIN). A child killed this early has not even loaded Node, so this takes milliseconds.
 */
function killAtOnce(child: ChildProcess): void {
  child.kill('SIGKILL');
  const channel = (child.channel as unknown as { fd: number }).fd;
  const giveUp = Date.now() + 5_000;
  for (;;) {
    try {
      if (fs.readSync(channel, Buffer.alloc(1)) === 0) return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
    if (Date.now() > giveUp) throw new Error('a child killed with SIGKILL was not gone after 5 s');
  }
}

/**
 * Keeps every 'error' the child emits, in order, without listening for it: a listener would handle
 * for the code under test an error it must handle itself.
 */
function recordErrors(child: ChildProcess, into: unknown[]): void {
  const emit = child.emit;
  child.emit = function (this: ChildProcess, event: string | symbol, ...args: unknown[]) {
    if (event === 'error') into.push(args[0]);
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as ChildProcess['emit'];
}

test('a child that cannot be started makes runInProcesses reject instead of waiting', async () => {
  // Every fork made during the run is given a Node that does not exist, so no child can start.
  // Such a child emits 'error' twice (the start failed; then its job could not be sent: EPIPE) and
  // never 'exit'; outside the grader's sandbox it also emits 'close' with a negative code. The README promises a rejection with the
  // start's own error: not a ChildProcessError made on 'close', not the second error, not a new
  // error of the submission's own, and not after waiting for an exit.
  const missingNode = path.join(__dirname, 'no-such-node');
  const emitted: unknown[] = [];
  const outcome = await withForkChanged(
    { options: { execPath: missingNode }, then: (child) => recordErrors(child, emitted) },
    () => settle(freshSubject().runInProcesses({ module: TASKS, name: 'square' }, [2]), 5000),
  );
  // The start's error: ENOENT outside the grader's sandbox, EACCES inside it.
  const startError = emitted[0];
  because(
    "no child could be started: runInProcesses rejects with the error the child emitted when its start failed, not a ChildProcessError, not the later error of sending it its job (EPIPE), and without waiting 5 s for an exit that never comes (observed: how runInProcesses settled, and the error's name and code)",
    () =>
      expect(
        outcome.status === 'rejected'
          ? {
              status: outcome.status,
              ...describeCode(outcome.error),
              isTheStartError: outcome.error === startError,
            }
          : { status: outcome.status },
      ).toEqual({ status: 'rejected', ...describeCode(startError), isTheStartError: true }),
  );
});

/** An error's name and code, as a test shows them. */
function describeCode(error: unknown) {
  const fields = (error ?? {}) as Record<string, unknown>;
  return { name: fields.name, code: fields.code };
}

test('when a child crashes, children that would never finish are stopped, not waited for', async () => {
  // Tasks 0 and 2 never end by themselves (they ignore the test's stop marker): only a kill ends
  // them. runInProcesses must stop them and reject; a kill takes well under a second.
  const { outcome, left } = await runWithFailure({ crashWith: 3 }, { deaf: true }, 5_000);
  because(
    'task 1 exited with code 3 while tasks 0 and 2 were still running: runInProcesses must stop them and reject (observed: how it had settled 5 s after task 1 exited)',
    () => expect(errorOf(outcome)).toMatchObject({ index: 1, exitCode: 3 }),
  );
  because('the stopped children have exited', () =>
    expect(left).toEqual({ notExited: 0, pidsStillRunning: [] }),
  );
});
