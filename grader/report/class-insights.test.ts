import type { JobRecord } from '../result/gradebook';
import type { ExerciseResult } from '../result/types';
import { classInsights } from './class-insights';
import { exerciseResult, testResult } from './__fixtures__/results';

// The class report's mistake sections from job records: who made each recognised mistake, who
// failed each test and how, where hung tests were stuck, and the job time; in any record order.

const job = (student: string, result: ExerciseResult): JobRecord => ({
  version: 1,
  student,
  exercise: result.id,
  input_digest: 'x',
  graded_at: '2026-01-01T00:00:00.000Z',
  intake: { submitted: true, files: [] },
  result,
});
const noWake = { variant: 'no-wake', mistake: 'unlock() never notifies', score: 0.9 };
const frame = { function: 'Mutex.lock', file: 'ex03-race-and-lock/mutex.ts', line: 31, column: 15 };
const hung = testResult({
  name: 'wakes',
  status: 'timeout',
  score: 0,
  stuck: {
    verdict: 'deadlock',
    threads: [{ name: 'main thread', state: 'waiting', frames: [frame] }],
  },
});
const records = [
  job('bo', exerciseResult({ mistake: noWake, tests: [hung], duration_ms: 900 })),
  job('al', exerciseResult({ mistake: noWake, tests: [hung], duration_ms: 2500 })),
  job(
    'cy',
    exerciseResult({
      tests: [testResult({ name: 'wakes', status: 'fail', score: 0 })],
      duration_ms: 100,
    }),
  ),
  job(
    'di',
    exerciseResult({ status: 'pass', tests: [testResult({ name: 'wakes' })], duration_ms: 500 }),
  ),
];

test('recognised mistakes with who made each, most common first', () => {
  expect(classInsights(records).mistakes).toEqual([
    {
      exercise: 'ex03',
      variant: 'no-wake',
      mistake: 'unlock() never notifies',
      students: ['al', 'bo'],
    },
  ]);
});

test('twins named together are one mistake, under both their names', () => {
  const twins = {
    variant: 'exit-only-nonzero',
    mistake: 'one of these, which fail exactly alike: a; or b',
    score: 1,
    or: [{ variant: 'ignores-silent-exit', mistake: 'b' }],
  };
  const made = classInsights([
    job('al', exerciseResult({ mistake: twins, tests: [hung] })),
    job('bo', exerciseResult({ mistake: twins, tests: [hung] })),
  ]).mistakes;
  expect(made).toEqual([
    {
      exercise: 'ex03',
      variant: 'exit-only-nonzero or ignores-silent-exit',
      mistake: 'one of these, which fail exactly alike: a; or b',
      students: ['al', 'bo'],
    },
  ]);
});

test('each failed test lists who failed it and with what verdict; hung ones where they were stuck', () => {
  const insights = classInsights(records);
  expect(insights.drill).toEqual([
    {
      exercise: 'ex03',
      test: 'wakes',
      failures: [
        { student: 'al', verdict: 'timed out (deadlock)' },
        { student: 'bo', verdict: 'timed out (deadlock)' },
        { student: 'cy', verdict: 'failed' },
      ],
    },
  ]);
  expect(insights.stuck).toEqual([
    {
      exercise: 'ex03',
      where: 'Mutex.lock (ex03-race-and-lock/mutex.ts:31:15)',
      students: ['al', 'bo'],
    },
  ]);
});

test('the time grading took, and the slowest job; the record order changes nothing', () => {
  const insights = classInsights(records);
  expect(insights.time).toEqual({
    jobs: 4,
    total_ms: 4000,
    slowest: { student: 'al', exercise: 'ex03', ms: 2500 },
    last_graded_at: '2026-01-01T00:00:00.000Z',
  });
  expect(classInsights([...records].reverse())).toEqual(insights);
});
