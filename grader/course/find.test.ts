import { findExercise, UnknownExerciseError } from './find';
import type { Course, Exercise } from './types';

const exercise = (id: string, slug: string) =>
  ({ id, slug, title: slug, folder: `${id}-${slug}` }) as Exercise;
const course: Course = {
  root: '/',
  exercises: [exercise('ex01', 'generator-tasks'), exercise('ex04', 'worker-queue')],
};

test.each([
  'ex04',
  '4',
  '04',
  'EX04',
  'worker-queue',
  'ex04-worker-queue',
  'exercises/ex04-worker-queue/',
])('finds ex04 from %p', (query) => {
  expect(findExercise(course, query).id).toBe('ex04');
});

test('an unknown exercise lists the valid ones', () => {
  expect(() => findExercise(course, 'ex09')).toThrow(UnknownExerciseError);
  expect(() => findExercise(course, 'queue')).toThrow(
    'There is no exercise "queue". The exercises are:\n  ex01  generator-tasks  generator-tasks\n  ex04  worker-queue  worker-queue',
  );
});
