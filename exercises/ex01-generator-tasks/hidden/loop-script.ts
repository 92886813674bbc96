import type { Task } from '@subject/ex01-generator-tasks/event-loop';
import { showValue } from '@course/testkit/case-values';
import { isInstance } from '@course/testkit';
import { ScriptedTask } from '../tests/scripted-task';

// One generated case of runEventLoop, as data: one or more calls of the loop, one after another,
// each over scripted tasks. A task yields `yields` times, then returns or throws `value`; a task
// with `inner` runs a loop of its own over those tasks at its last step (a loop nested inside a
// task's step) and returns what that loop returns. The same code plays a case against the
// reference at authoring time and against the code under test when graded.

export interface TaskScript {
  name: string;
  yields: number;
  throws: boolean;
  value: unknown;
  inner?: TaskScript[];
  /**
   * Its unfinished steps answer `{ value: undefined }`, leaving `done` out as the iterator
   * protocol allows (a task is any object with next(), not only a generator): not finished.
   */
  doneLeftOut?: true;
}

export interface LoopCase {
  /** The loop's calls, in order: a second call sees whatever the first left behind. */
  calls: TaskScript[][];
}

/** What one call gave, as plain data. */
export type CallOutcome =
  | { results: Record<string, unknown> }
  | { error: { taskName: unknown; cause: unknown; results: unknown } }
  | { thrown: string };

export interface LoopOutcome {
  /** Every next() call, in order ("A" a step, "A!" a call after A had finished). */
  trace: string;
  calls: CallOutcome[];
}

type RunEventLoop = (tasks: Record<string, Task<unknown>>) => Record<string, unknown>;

const plain = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(
        Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]]),
      )
    : value;

/** A thrown value as data: a TaskError by its fields (its cause too), anything else as it is. */
function errorData(error: unknown): CallOutcome {
  if (error !== null && typeof error === 'object' && (error as Error).name === 'TaskError') {
    const { taskName, cause, results } = error as {
      taskName: unknown;
      cause: unknown;
      results: unknown;
    };
    const causeData =
      cause !== null && typeof cause === 'object' && (cause as Error).name === 'TaskError'
        ? errorData(cause)
        : cause;
    return { error: { taskName, cause: causeData, results: plain(results) } };
  }
  return {
    thrown: isInstance(error, Error) ? `${error.name}: ${error.message}` : showValue(error),
  };
}

function tasksOf(
  scripts: TaskScript[],
  trace: string[],
  run: RunEventLoop,
): Record<string, Task<unknown>> {
  const finish = (script: TaskScript) => () => {
    const value = script.inner ? run(tasksOf(script.inner, trace, run)) : script.value;
    if (script.throws) throw value;
    return value;
  };
  return Object.fromEntries(
    scripts.map((script) => {
      const task = new ScriptedTask(script.name, script.yields, finish(script), trace);
      return [script.name, script.doneLeftOut ? withoutDoneWhileRunning(task) : task];
    }),
  );
}

/** The task's answers, with `done: false` left out (`done: true` stays). */
const withoutDoneWhileRunning = (task: Task<unknown>): Task<unknown> => ({
  next: () => {
    const step = task.next();
    return step.done ? step : { value: step.value };
  },
});

export function playLoopCase(loopCase: LoopCase, run: RunEventLoop): LoopOutcome {
  const trace: string[] = [];
  const calls = loopCase.calls.map((scripts): CallOutcome => {
    try {
      return { results: plain(run(tasksOf(scripts, trace, run))) as Record<string, unknown> };
    } catch (error) {
      return errorData(error);
    }
  });
  return { trace: trace.join(' '), calls };
}

const ordinal = (n: number) => `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;

function describeTask(script: TaskScript): string {
  const step = `at its ${ordinal(script.yields + 1)} step`;
  const what = script.inner
    ? `runs a loop of its own over ${describeTasks(script.inner)} and ${script.throws ? 'throws' : 'returns'} what it gives`
    : `${script.throws ? 'throws' : 'returns'} ${showValue(script.value)}`;
  const answers =
    script.doneLeftOut && script.yields > 0
      ? ', its earlier steps answering { value: undefined } with no done'
      : '';
  return `${script.name} (${what} ${step}${answers})`;
}

function describeTasks(scripts: TaskScript[]): string {
  if (scripts.length === 0) return 'no tasks ({})';
  const parts = scripts.map(describeTask);
  return `tasks ${parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0]}`;
}

/** The case in the student's terms. */
export function describeLoopCase(loopCase: LoopCase): string {
  if (loopCase.calls.length === 1) return `runEventLoop with ${describeTasks(loopCase.calls[0])}`;
  return loopCase.calls
    .map((scripts, index) => `call ${index + 1} of runEventLoop with ${describeTasks(scripts)}`)
    .join('; then ');
}
