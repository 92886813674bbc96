import fc from 'fast-check';
import { withFakeClock } from '../../../grader/verify/authoring-clock';
import type { CaseTableSpec } from '../../../grader/verify/case-tables';
import {
  type GatherCall,
  type GatherCase,
  type GatherOutcome,
  type Step,
  playGatherCase,
} from '../../../exercises/ex06-async-gather/hidden/timed-case';
import { gather } from '../gather';

// Generated gather calls on a fake clock: no tasks, one task, limits at every edge (0, -1, NaN,
// 1, the number of tasks, more, 2^31 - 1), failures in every position and after others have
// finished, falsy results and rejection reasons, ties, returnExceptions, and two gathers started
// at the same moment. Each outcome (start times, most running at once, when and how it settled)
// is the reference's.

const VALUES = [0, -0, NaN, undefined, null, '', false, 2147483647, -2147483648, 'x', 7];
const REASONS = [{ error: 'boom' }, { error: 'late' }, undefined, 0, '', 'text'];

const ok = (ms: number, value: unknown): Step => ({ ms, value });
const bad = (ms: number, value: unknown = { error: 'boom' }): Step => ({ ms, fails: true, value });
const one = (tasks: Step[], options?: GatherCall['options']): GatherCase => ({
  calls: [options ? { tasks, options } : { tasks }],
});

const edges: GatherCase[] = [
  one([]),
  one([], { limit: 2 }),
  one([], { limit: 0 }),
  one([ok(0, 0)]),
  one([ok(100, undefined)]),
  one([bad(0)]),
  one([bad(50, undefined)]),
  one([ok(300, 'a'), ok(100, 'b'), ok(200, 'c')]),
  one([ok(300, 'a'), ok(100, 'b'), ok(200, 'c')], { limit: 1 }),
  one([ok(300, 'a'), ok(100, 'b'), ok(200, 'c')], { limit: 2 }),
  one([ok(300, 'a'), ok(100, 'b'), ok(200, 'c')], { limit: 3 }),
  one([ok(300, 'a'), ok(100, 'b'), ok(200, 'c')], { limit: 2147483647 }),
  one([ok(10, 1)], { limit: 0 }),
  one([ok(10, 1)], { limit: -1 }),
  one([ok(10, 1)], { limit: NaN }),
  one([ok(10, 1)], { limit: -2147483648 }),
  one([ok(10, 1), ok(10, 2)], { limit: undefined }),
  one([ok(100, 1), ok(100, 1), ok(100, 1)], { limit: 2 }),
  one([ok(100, 1), bad(300, { error: 'late' })]),
  one([ok(100, 1), ok(100, 2), bad(300, { error: 'late' }), ok(50, 4)], { limit: 2 }),
  one([bad(300, { error: 'slow' }), bad(100, { error: 'fast' })]),
  one([bad(100, { error: 'first' }), bad(100, { error: 'second' })]),
  one([ok(100, 1), bad(50, 0), ok(10, 3)], { limit: 1 }),
  one([ok(100, 1), bad(50, { error: 'boom' }), ok(10, 3)], { returnExceptions: true }),
  one([bad(100, undefined), bad(50, 0), ok(10, '')], { returnExceptions: true, limit: 1 }),
  one([ok(100, 1), bad(50, { error: 'boom' })], { returnExceptions: false }),
  {
    calls: [
      { tasks: [ok(200, 'a1'), ok(100, 'a2')], options: { limit: 1 } },
      { tasks: [ok(50, 'b1'), ok(50, 'b2'), ok(50, 'b3')], options: { limit: 2 } },
    ],
  },
  {
    calls: [
      { tasks: [bad(100, { error: 'a' }), ok(100, 'a2'), ok(100, 'a3')], options: { limit: 1 } },
      { tasks: [ok(300, 'b1'), ok(50, 'b2')], options: { limit: 1 } },
    ],
  },
];

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      ms: fc.constantFrom(0, 10, 50, 100, 300),
      value: fc.constantFrom(...VALUES),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      ms: fc.constantFrom(0, 10, 50, 100, 300),
      fails: fc.constant(true),
      value: fc.constantFrom(...REASONS),
    }),
    weight: 1,
  },
);
const call: fc.Arbitrary<GatherCall> = fc
  .tuple(
    fc.array(step, { maxLength: 6 }),
    fc.option(
      fc.record(
        {
          limit: fc.constantFrom(1, 2, 3, 5, 2147483647, 0, -1, NaN),
          returnExceptions: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
  )
  .map(([tasks, options]) => (options ? { tasks, options } : { tasks }));
const arbitrary: fc.Arbitrary<GatherCase> = fc.oneof(
  { arbitrary: call.map((only) => ({ calls: [only] })), weight: 4 },
  { arbitrary: fc.tuple(call, call).map((calls) => ({ calls })), weight: 1 },
);

function kind({ calls }: GatherCase): string {
  if (calls.length > 1) return 'two gather calls running at the same time';
  const [{ tasks, options = {} }] = calls;
  const { limit, returnExceptions } = options;
  if (limit !== undefined && !(limit >= 1)) return `a limit below 1 (${String(limit)})`;
  if (tasks.length === 0) return 'an empty list of tasks';
  if (tasks.length === 1) return 'a single task';
  const failing = tasks.filter((task) => task.fails);
  if (failing.length > 0 && returnExceptions) return 'failing tasks with returnExceptions';
  if (failing.length > 1) return 'several failing tasks';
  if (failing.length === 1)
    return tasks.some((task) => !task.fails && (task.ms ?? 0) < (failing[0].ms ?? 0))
      ? 'a task that fails after another has finished'
      : 'a task that fails first';
  if (limit !== undefined && limit < tasks.length) return 'more tasks than the limit';
  return 'tasks that all succeed, within the limit';
}

const spec: CaseTableSpec<GatherCase, GatherOutcome[]> = {
  test: 'gather gives the expected results, start times and failures on generated task lists',
  seed: 2906,
  edges,
  generated: { arbitrary, count: 90 },
  kind,
  size: ({ calls }) =>
    calls.reduce((sum, c) => sum + 1 + c.tasks.length * 2 + (c.options ? 1 : 0), -1),
  expected: (input) => withFakeClock((clock) => playGatherCase(input, gather as never, clock)),
};

export default spec;
