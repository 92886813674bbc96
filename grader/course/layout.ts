import * as path from 'path';
import type { Course, Exercise } from './types';

// Every path is derived from the course root and the exercise folder name, never stored.
export const exercisesDir = (root: string) => path.join(root, 'exercises');
export const solutionsDir = (root: string) => path.join(root, 'solutions');
export const manifestPath = (exerciseDir: string) => path.join(exerciseDir, 'exercise.json');
export const visibleTestsDir = (exerciseDir: string) => path.join(exerciseDir, 'tests');
export const hiddenTestsDir = (exerciseDir: string) => path.join(exerciseDir, 'hidden');
export const solutionDir = (course: Course, exercise: Exercise) =>
  path.join(solutionsDir(course.root), exercise.folder);
/** Known-wrong solutions: solutions/<folder>/wrong/<variant>/, each holding the files it changes. */
export const wrongVariantsDir = (course: Course, exercise: Exercise) =>
  path.join(solutionDir(course, exercise), 'wrong');
/** Correct designs other than the reference: solutions/<folder>/also-correct/<design>/. */
export const alsoCorrectDir = (course: Course, exercise: Exercise) =>
  path.join(solutionDir(course, exercise), 'also-correct');
/** How the known mistakes fail (written by verify): in hidden/, since it names hidden tests. */
export const mistakeBookPath = (exerciseDir: string) =>
  path.join(hiddenTestsDir(exerciseDir), 'mistakes.json');
