import type { ExerciseResult } from './types';

// Where a student stands, from the last recorded result of each exercise. "done" means every run
// of the code last checked passed: one check that passed, or every run of `check --repeat N`,
// and no run of that same code (unchanged files) failed before or after. Checks of unchanged code
// are merged (commands/check.ts), so a lucky pass cannot hide an earlier failure; changing the
// code starts afresh.

type ExerciseState = 'not checked' | 'done' | 'in progress' | 'error';

export function stateOf(last: ExerciseResult | undefined): ExerciseState {
  if (!last) return 'not checked';
  if (last.status === 'pass') return 'done';
  return last.status === 'error' ? 'error' : 'in progress';
}

/** Runs of the last checked code that failed, when others passed: "failed 2 of 6 runs". */
export function flakyNote(last: ExerciseResult | undefined): string | undefined {
  if (!last || last.runs === undefined || last.failed_runs === undefined) return undefined;
  return last.failed_runs > 0 && last.failed_runs < last.runs
    ? `failed ${last.failed_runs} of ${last.runs} runs`
    : undefined;
}

/**
 * Points so far over every point of the exercise, hidden tests included: the ones this copy
 * cannot run are "to be graded" (`4/16, 8 to be graded`).
 */
export function pointsOf(last: ExerciseResult | undefined, allPoints: number): string {
  if (!last) return `-/${allPoints}`;
  const pending = last.hidden.absent_points;
  return `${last.score}/${allPoints}${pending > 0 ? `, ${pending} to be graded` : ''}`;
}

/** The first exercise, in course order, that is not done; undefined when every one is. */
export function nextExercise<T extends { id: string }>(
  exercises: T[],
  lastOf: (id: string) => ExerciseResult | undefined,
): T | undefined {
  return exercises.find((exercise) => stateOf(lastOf(exercise.id)) !== 'done');
}
