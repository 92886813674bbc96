import { readCourse } from './load';
import { SchemaError } from '../schemas';
import type { Course, Exercise } from './types';
import { UserError } from '../user-error';

export class UnknownExerciseError extends UserError {
  constructor(query: string, course: Course) {
    const valid = course.exercises.map(
      (exercise) => `  ${exercise.id}  ${exercise.slug}  ${exercise.title}`,
    );
    super(`There is no exercise "${query}". The exercises are:\n${valid.join('\n')}`);
  }
}

/** Accepts what a student is likely to type: "ex04", "4", "04", the slug, or the folder name. */
export function findExercise(course: Course, query: string): Exercise {
  const wanted = query.trim().toLowerCase().replace(/\/+$/, '');
  const number = /^(?:ex)?0*(\d+)$/.exec(wanted)?.[1];
  const found = course.exercises.find(
    (exercise) =>
      exercise.id === wanted ||
      exercise.slug === wanted ||
      exercise.folder === wanted ||
      wanted.endsWith(`/${exercise.folder}`) ||
      (number !== undefined && Number(exercise.id.slice(2)) === Number(number)),
  );
  if (!found) throw new UnknownExerciseError(query, course);
  return found;
}

/**
 * The course as far as one exercise needs it: a broken manifest elsewhere (an exercise being
 * written) does not stop a student from checking this one; a broken manifest here does.
 */
export function loadExercise(root: string, query: string): { course: Course; exercise: Exercise } {
  return exerciseOf(readCourse(root), query);
}

/** loadExercise over a course already read: one read of the course serves a whole command. */
export function exerciseOf(
  { course, problems }: ReturnType<typeof readCourse>,
  query: string,
): { course: Course; exercise: Exercise } {
  const exercise = findExercise(course, query);
  const own = problems.filter((problem) =>
    problem.file.startsWith(`exercises/${exercise.folder}/`),
  );
  if (own.length > 0) throw new SchemaError(own);
  return { course, exercise };
}
