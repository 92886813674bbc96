import fc from 'fast-check';
import type { CaseTableSpec } from '../../../grader/verify/case-tables';
import { EDGE_VALUES, isFalsyOrExtreme } from '../../../grader/verify/edge-values';
import {
  type LoopCase,
  type LoopOutcome,
  type TaskScript,
  playLoopCase,
} from '../../../exercises/ex01-generator-tasks/hidden/loop-script';
import { runEventLoop } from '../event-loop';

// Generated calls of runEventLoop: no tasks, one task, failures in every turn and position (after
// another task has finished, two in one turn, the later one given first), falsy and extreme
// results and errors, repeated values, a loop nested inside a task's step, and a second call after
// one that failed. The outcome of each is the reference's, computed here at authoring time.

const VALUES = [...EDGE_VALUES, 1, 'x', true];

const task = (name: string, yields: number, throws: boolean, value: unknown): TaskScript => ({
  name,
  yields,
  throws,
  value,
});

const scriptOf = (names: string[], withInner: boolean): fc.Arbitrary<TaskScript[]> =>
  fc
    .uniqueArray(fc.constantFrom(...names), { maxLength: names.length })
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((name) =>
          fc.record({
            name: fc.constant(name),
            yields: fc.integer({ min: 0, max: 4 }),
            throws: fc.boolean(),
            value: fc.constantFrom(...VALUES),
            doneLeftOut: fc.oneof(
              { arbitrary: fc.constant(undefined), weight: 6 },
              { arbitrary: fc.constant(true as const), weight: 1 },
            ),
            ...(withInner
              ? {
                  inner: fc.oneof(
                    { arbitrary: fc.constant(undefined), weight: 12 },
                    { arbitrary: scriptOf(['x', 'y'], false), weight: 1 },
                  ),
                }
              : {}),
          }),
        ),
      ),
    )
    .map((scripts) =>
      scripts.map(({ inner, doneLeftOut, ...rest }) => ({
        ...rest,
        ...(doneLeftOut ? { doneLeftOut } : {}),
        ...(inner ? { inner } : {}),
      })),
    );

const loopCase: fc.Arbitrary<LoopCase> = fc.record({
  calls: fc.oneof(
    { arbitrary: fc.tuple(scriptOf(['A', 'B', 'C', 'D'], true)), weight: 3 },
    { arbitrary: fc.tuple(scriptOf(['A', 'B', 'C'], true), scriptOf(['A', 'B'], true)), weight: 1 },
  ),
});

const allTasks = (scripts: TaskScript[]): TaskScript[] =>
  scripts.flatMap((script) => [script, ...allTasks(script.inner ?? [])]);

function kind({ calls }: LoopCase): string {
  if (calls.length > 1)
    return calls[0].some((script) => script.throws)
      ? 'a call of runEventLoop after one that failed'
      : 'two calls of runEventLoop, one after the other';
  const [scripts] = calls;
  if (scripts.length === 0) return 'an empty list of tasks';
  if (scripts.some((script) => script.inner)) return "a loop run inside a task's step";
  if (scripts.some((script) => script.doneLeftOut && script.yields > 0))
    return 'a task whose unfinished steps leave done out (done: false is optional)';
  const failing = scripts.filter((script) => script.throws);
  if (scripts.length === 1) return failing.length ? 'a single task that fails' : 'a single task';
  if (failing.length > 1) {
    const turns = failing.map((script) => script.yields);
    if (new Set(turns).size < turns.length) return 'two tasks that fail in the same turn';
    if (turns.some((turn, i) => turns.slice(i + 1).some((later) => later < turn)))
      return 'a task that fails in an earlier turn than one given before it';
  }
  if (failing.some((bad) => scripts.some((other) => !other.throws && other.yields < bad.yields)))
    return 'a task that fails after another task has finished';
  if (failing.some((bad) => isFalsyOrExtreme(bad.value))) return 'a task that throws a falsy value';
  if (failing.length > 0) return 'tasks of which one fails';
  if (scripts.some((script) => isFalsyOrExtreme(script.value)))
    return 'tasks returning falsy or extreme values (0, -0, NaN, undefined, 2147483647)';
  return 'several tasks that all return';
}

const spec: CaseTableSpec<LoopCase, LoopOutcome> = {
  test: 'runEventLoop gives the expected results and errors on generated task lists',
  seed: 29,
  edges: [
    { calls: [[]] },
    { calls: [[task('A', 0, false, 0)]] },
    { calls: [[task('A', 0, true, undefined)]] },
    { calls: [[task('A', 0, false, 1), task('B', 2, true, 'late')]] },
    { calls: [[task('A', 1, false, 1), task('B', 1, false, 2), task('C', 3, true, 0)]] },
    { calls: [[task('A', 2, true, 'a'), task('B', 0, true, 'b')]] },
    { calls: [[task('A', 1, true, 'a'), task('B', 1, true, 'b')]] },
    { calls: [[task('A', 1, false, 7), task('B', 1, false, 7), task('C', 1, false, 7)]] },
    {
      calls: [
        [task('A', 0, false, -0), task('B', 1, false, NaN), task('C', 2, false, -2147483648)],
      ],
    },
    { calls: [[{ ...task('A', 2, false, 'a'), doneLeftOut: true }, task('B', 1, false, 'b')]] },
    { calls: [[task('A', 0, true, 'boom')], [task('B', 1, false, 1)]] },
    { calls: [[task('A', 1, true, 'boom'), task('B', 0, false, 2)], []] },
    { calls: [[task('A', 0, false, 1)], [task('A', 1, false, 2)]] },
    {
      calls: [
        [
          { ...task('A', 1, false, null), inner: [task('x', 1, false, 5), task('y', 0, false, 6)] },
          task('B', 2, false, 2),
        ],
      ],
    },
    {
      calls: [
        [
          task('A', 0, false, 1),
          {
            ...task('B', 1, false, null),
            inner: [task('x', 0, false, 5), task('y', 1, true, 'inner')],
          },
          task('C', 3, true, 'outer'),
        ],
      ],
    },
  ],
  generated: { arbitrary: loopCase, count: 150 },
  kind,
  size: ({ calls }) =>
    calls.reduce(
      (sum, scripts) => sum + allTasks(scripts).reduce((s, t) => s + 1 + t.yields, 0),
      0,
    ) +
    calls.length -
    1,
  expected: (input) => playLoopCase(input, runEventLoop as never),
};

export default spec;
