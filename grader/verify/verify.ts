import * as path from 'path';
import { exercisesDir, solutionDir, solutionsDir } from '../course/layout';
import type { Course, Exercise } from '../course/types';
import type { ExerciseResult } from '../result/types';
import { runExercise } from '../run/run-exercise';
import { createWorkspace, placeStudentFiles } from '../run/workspace';
import { readVariants } from './variants';

export type VariantKind = 'solution' | 'starter' | 'wrong';

export interface VariantReport {
  exercise: string;
  kind: VariantKind;
  name: string;
  /** One result per run. */
  runs: ExerciseResult[];
  /** Did this variant behave as the course promises in every run? */
  ok: boolean;
  problem?: string;
}

const failingTests = (result: ExerciseResult) =>
  result.tests.filter((test) => test.status !== 'pass');

/**
 * The course proves its own tests, as rustlings' `dev check` does: the solution passes every test
 * in every run, the starter fails at least one, and every known-wrong solution fails at least one
 * hidden test in every run.
 */
export async function verifyExercise(
  course: Course,
  exercise: Exercise,
  options: { runs: number; onReport?: (report: VariantReport) => void },
): Promise<VariantReport[]> {
  const reports: VariantReport[] = [];
  const record = (report: VariantReport) => {
    reports.push(report);
    options.onReport?.(report);
  };

  const solutionRuns = await repeat(options.runs, () =>
    runExercise(exercise, { label: 'solution', root: solutionsDir(course.root) }),
  );
  const flaky = solutionRuns.find((result) => result.status !== 'pass');
  record({
    exercise: exercise.id,
    kind: 'solution',
    name: 'solution',
    runs: solutionRuns,
    ok: !flaky,
    problem: flaky ? `the solution failed: ${describeFailures(flaky)}` : undefined,
  });

  const starter = await runExercise(exercise, {
    label: 'starter',
    root: exercisesDir(course.root),
  });
  record({
    exercise: exercise.id,
    kind: 'starter',
    name: 'starter',
    runs: [starter],
    ok: starter.status !== 'pass',
    problem:
      starter.status === 'pass'
        ? 'the starter passes every test: the tests do not require the exercise to be done'
        : undefined,
  });

  const { variants, problems } = readVariants(course, exercise);
  if (problems.length > 0)
    throw new Error(problems.map((problem) => `${problem.file}: ${problem.message}`).join('\n'));
  for (const variant of variants) {
    const workspace = createWorkspace();
    try {
      placeStudentFiles(workspace, exercise, solutionDir(course, exercise));
      placeStudentFiles(workspace, exercise, variant.dir);
      const runs = await repeat(options.runs, () =>
        runExercise(exercise, { label: `wrong/${variant.name}`, root: workspace.root }),
      );
      const survived = runs.find(
        (result) => !failingTests(result).some((test) => test.visibility !== 'visible'),
      );
      record({
        exercise: exercise.id,
        kind: 'wrong',
        name: variant.name,
        runs,
        ok: !survived,
        problem: survived
          ? `survived: no hidden test failed in run ${runs.indexOf(survived) + 1} of ${runs.length} (${variant.mistake})`
          : undefined,
      });
    } finally {
      workspace.dispose();
    }
  }
  return reports;
}

async function repeat<T>(times: number, run: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let index = 0; index < times; index++) results.push(await run());
  return results;
}

export function describeFailures(result: ExerciseResult): string {
  if (result.status === 'error') return result.message ?? 'error';
  return failingTests(result)
    .map((test) => `"${test.name}" ${test.status}: ${(test.message ?? '').split('\n')[0]}`)
    .join('; ');
}

export const variantPath = (course: Course, exercise: Exercise, name: string) =>
  path.join(solutionDir(course, exercise), 'wrong', name);
