import { exerciseResult, passing } from '../report/__fixtures__/results';
import { flakyNote, nextExercise, pointsOf, stateOf } from './progress';

test('the state of an exercise comes from its last recorded result', () => {
  expect(stateOf(undefined)).toBe('not checked');
  expect(stateOf(passing())).toBe('done');
  expect(stateOf(exerciseResult())).toBe('in progress');
  expect(stateOf(exerciseResult({ status: 'error' }))).toBe('error');
  // Merged runs of one code: a single failing run keeps it from being done.
  expect(stateOf(exerciseResult({ status: 'fail', runs: 6, failed_runs: 1 }))).toBe('in progress');
});

test('a flaky note only when some runs of the same code passed and others failed', () => {
  expect(flakyNote(exerciseResult({ runs: 6, failed_runs: 2 }))).toBe('failed 2 of 6 runs');
  expect(flakyNote(exerciseResult({ runs: 3, failed_runs: 3 }))).toBeUndefined();
  expect(flakyNote(passing())).toBeUndefined();
  expect(flakyNote(undefined)).toBeUndefined();
});

test('points are over all of the exercise, hidden points the copy cannot run to be graded', () => {
  expect(pointsOf(undefined, 16)).toBe('-/16');
  expect(
    pointsOf(exerciseResult({ score: 4, hidden: { absent_count: 4, absent_points: 8 } }), 16),
  ).toBe('4/16, 8 to be graded');
  expect(pointsOf(passing(), 2)).toBe('2/2');
});

test('next is the first exercise, in course order, that is not done', () => {
  const course = [{ id: 'ex01' }, { id: 'ex02' }, { id: 'ex03' }];
  const last: Record<string, ReturnType<typeof passing> | undefined> = {
    ex01: passing(),
    ex02: exerciseResult({ status: 'fail', runs: 5, failed_runs: 1 }),
    ex03: passing(),
  };
  expect(nextExercise(course, (id) => last[id])?.id).toBe('ex02');
  last.ex02 = passing();
  expect(nextExercise(course, (id) => last[id])).toBeUndefined();
  last.ex01 = undefined;
  expect(nextExercise(course, (id) => last[id])?.id).toBe('ex01');
});
