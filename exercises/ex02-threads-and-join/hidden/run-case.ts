import * as path from 'path';
import { asData, isInstance } from '@course/testkit';
import { showValue } from '@course/testkit/case-values';

// A generated case of runThreads, as data: one call, or two made at the same time, one inside
// the other's report('started'), or one after the other has settled; each a list of scripted
// tasks (./scripted-task.ts). The same code plays it against the reference at authoring time and
// against the code under test when graded.

export interface ScriptedTask {
  /** What the worker posts, in order, after its delay. */
  posts: unknown[];
  /** How it ends: returns, throws `value` as it is, or exits with code `value`. */
  end: 'returns' | 'throws' | 'exits';
  value?: unknown;
  delayMs: number;
}

export interface RunCase {
  /** How the calls are made: 'alone' has one call; the others two. */
  mode: 'alone' | 'together' | 'nested' | 'after';
  calls: ScriptedTask[][];
}

/**
 * What one call did: the events it reported, in order, and how it settled. A rejection with an
 * Error is shown by which of the case's exit codes its message names (its wording is free).
 */
export type CallOutcome = { reports: unknown[] } & (
  { results: unknown } | { threw: unknown } | { errorNamingCodes: number[] }
);

type RunThreads = (
  tasks: ReadonlyArray<{ script: string; data?: unknown }>,
  report: (event: never) => void,
) => Promise<unknown>;

export const SCRIPTED_TASK = path.join(__dirname, 'scripted-task.ts');

function settledAs(exitCodes: number[]): (reason: unknown) =>
  | { threw: unknown }
  | {
      errorNamingCodes: number[];
    } {
  return (reason) => {
    const copy = asData(reason);
    if (!isInstance(copy, Error)) return { threw: copy };
    const message = String((copy as Error).message);
    return {
      errorNamingCodes: exitCodes.filter((code) => new RegExp(`\\b${code}\\b`).test(message)),
    };
  };
}

export async function playRunCase(
  runCase: RunCase,
  runThreads: RunThreads,
): Promise<CallOutcome[]> {
  const exitCodes = runCase.calls
    .flat()
    .filter((task) => task.end === 'exits')
    .map((task) => task.value as number);
  const outcomes: CallOutcome[] = runCase.calls.map(() => ({ reports: [], results: undefined }));
  const inner: Array<Promise<void>> = [];
  const call = (index: number): Promise<void> => {
    const { reports } = outcomes[index];
    const tasks = runCase.calls[index].map((task) => ({ script: SCRIPTED_TASK, data: task }));
    const report = (event: unknown) => {
      reports.push(event);
      if (runCase.mode === 'nested' && index === 0 && event === 'started' && inner.length === 0)
        inner.push(call(1));
    };
    let settled: Promise<unknown>;
    try {
      settled = Promise.resolve(runThreads(tasks, report as (event: never) => void));
    } catch (error) {
      settled = Promise.reject(error);
    }
    return settled.then(
      (results) => void (outcomes[index] = { reports, results: asData(results) }),
      (reason: unknown) => void (outcomes[index] = { reports, ...settledAs(exitCodes)(reason) }),
    );
  };
  if (runCase.mode === 'after') {
    await call(0);
    await call(1);
  } else if (runCase.mode === 'together') await Promise.all([call(0), call(1)]);
  else {
    await call(0);
    await Promise.all(inner);
  }
  return outcomes;
}

function describeTask(task: ScriptedTask, index: number): string {
  const posts = task.posts.length ? `posts ${task.posts.map(showValue).join(', ')}, then ` : '';
  const end =
    task.end === 'returns'
      ? 'ends normally'
      : task.end === 'throws'
        ? `throws ${showValue(task.value)}`
        : `exits with code ${showValue(task.value)}`;
  return `task ${index + 1} (${posts}${end} after ${task.delayMs} ms)`;
}

function describeCall(tasks: ScriptedTask[]): string {
  return tasks.length ? `runThreads([${tasks.map(describeTask).join(', ')}])` : 'runThreads([])';
}

export function describeRunCase({ mode, calls }: RunCase): string {
  const [first, second] = calls.map(describeCall);
  switch (mode) {
    case 'alone':
      return first;
    case 'together':
      return `two calls at the same time: ${first} and ${second}`;
    case 'nested':
      return `${first}, whose report('started') makes a second call ${second}`;
    case 'after':
      return `${first}, then once it has settled, ${second}`;
  }
}
