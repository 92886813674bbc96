import fc from 'fast-check';
import type { CaseTableSpec } from '../../../grader/verify/case-tables';
import { EDGE_VALUES, INT32_MAX } from '../../../grader/verify/edge-values';
import {
  type CallOutcome,
  type RunCase,
  type ScriptedTask,
  playRunCase,
} from '../../../exercises/ex02-threads-and-join/hidden/run-case';
import { runThreads } from '../threads';

// Generated calls of runThreads with scripted tasks: no tasks, one task, falsy and extreme
// results and thrown values, a failure after an earlier task has finished, the first failure in
// task order coming last in time, exit codes, and two calls at once, one inside the other's
// report('started'), or one after the other has failed. The outcome of each is the reference's,
// computed here at authoring time with real workers.

const VALUES = [...EDGE_VALUES, 'x'];
const EXIT_CODES = [42, 77, 255];

const returns = (posts: unknown[], delayMs = 0): ScriptedTask => ({
  posts,
  end: 'returns',
  delayMs,
});
const throws = (value: unknown, delayMs = 0, posts: unknown[] = []): ScriptedTask => ({
  posts,
  end: 'throws',
  value,
  delayMs,
});
const exits = (code: number, delayMs = 0, posts: unknown[] = []): ScriptedTask => ({
  posts,
  end: 'exits',
  value: code,
  delayMs,
});
const alone = (...tasks: ScriptedTask[]): RunCase => ({ mode: 'alone', calls: [tasks] });

const edges: RunCase[] = [
  alone(),
  alone(returns([])),
  alone(returns([0, '', false])),
  alone(returns([INT32_MAX, -0]), returns([NaN]), returns([undefined])),
  alone(throws(undefined)),
  alone(returns(['done'], 0), throws(0, 60)),
  alone(throws('first in order', 150), throws('first in time', 0)),
  alone(returns([1], 0), exits(77, 60, ['posted before exit']), throws(null, 0)),
  alone(returns(['same']), returns(['same']), returns(['same'])),
  alone(returns([0, undefined], 150), returns([INT32_MAX])),
  alone(throws('first in order', 150), returns(['done']), throws('first in time', 0)),
  { mode: 'together', calls: [[returns([1], 30)], [returns([2]), throws('b', 0)]] },
  { mode: 'nested', calls: [[returns(['outer'], 30)], [returns(['inner'])]] },
  { mode: 'after', calls: [[throws(0)], [returns(['again'])]] },
];

const task: fc.Arbitrary<ScriptedTask> = fc
  .record({
    posts: fc.array(fc.constantFrom(...VALUES), { maxLength: 2 }),
    end: fc.constantFrom<ScriptedTask['end']>('returns', 'returns', 'throws', 'exits'),
    thrown: fc.constantFrom(...VALUES),
    code: fc.constantFrom(...EXIT_CODES),
    delayMs: fc.constantFrom(0, 40, 150),
  })
  .map(({ posts, end, thrown, code, delayMs }) =>
    end === 'returns'
      ? { posts, end, delayMs }
      : { posts, end, value: end === 'throws' ? thrown : code, delayMs },
  );

const arbitrary: fc.Arbitrary<RunCase> = fc.oneof(
  { arbitrary: fc.array(task, { maxLength: 4 }).map((tasks) => alone(...tasks)), weight: 3 },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom<RunCase['mode']>('together', 'nested', 'after'),
        fc.array(task, { maxLength: 2 }),
        fc.array(task, { maxLength: 2 }),
      )
      .map(([mode, first, second]) => ({ mode, calls: [first, second] })),
    weight: 1,
  },
);

const fails = (task: ScriptedTask) => task.end !== 'returns';

function kind({ mode, calls }: RunCase): string {
  if (mode === 'together') return 'two calls of runThreads at the same time';
  if (mode === 'nested') return "a call of runThreads made inside another's report('started')";
  if (mode === 'after')
    return calls[0].some(fails)
      ? 'a call of runThreads after one that failed'
      : 'two calls of runThreads, one after the other';
  const [tasks] = calls;
  if (tasks.length === 0) return 'an empty list of tasks';
  const failing = tasks.filter(fails);
  if (tasks.length === 1) return failing.length ? 'a single task that fails' : 'a single task';
  if (
    failing.length > 1 &&
    failing.some((bad, i) => failing.slice(i + 1).some((later) => later.delayMs < bad.delayMs))
  )
    return 'a task that fails later in time than one given after it';
  if (failing.some((bad) => tasks.some((other) => !fails(other) && other.delayMs < bad.delayMs)))
    return 'a task that fails after another task has finished';
  if (failing.some((bad) => bad.end === 'exits')) return 'a task that exits with a non-zero code';
  if (failing.length) return 'a task that throws a falsy or extreme value, or a string';
  return 'tasks whose results are falsy, extreme or repeated';
}

const spec: CaseTableSpec<RunCase, CallOutcome[]> = {
  test: 'runThreads reports, returns and rejects as expected on generated tasks and calls',
  seed: 2902,
  edges,
  generated: { arbitrary, count: 8 },
  kind,
  size: ({ calls }) => calls.length - 1 + calls.flat().length,
  expected: (input) => playRunCase(input, runThreads as never),
};

export default spec;
