import type { ResultDocument, TestResult } from './types';

/**
 * What a student may see: hidden tests count and carry points, but their names, messages and
 * locations stay private (the manifest's visibility decides, as on Gradescope).
 */
export function redactHidden(document: ResultDocument): ResultDocument {
  return {
    ...document,
    exercises: document.exercises.map((exercise) => {
      let hiddenNumber = 0;
      // What tampering was seen is for the instructor: the student is told only that there was some.
      const { tampering: _instructorOnly, ...shown } = exercise;
      return {
        ...shown,
        tests: exercise.tests.map((test): TestResult => {
          if (test.visibility === 'visible') return test;
          hiddenNumber++;
          return {
            name: `hidden test ${hiddenNumber}`,
            visibility: test.visibility,
            status: test.status,
            score: test.score,
            max_score: test.max_score,
            // How often it failed says nothing about the test's text, and later merges need it.
            ...(test.runs !== undefined && { runs: test.runs, failed_runs: test.failed_runs }),
          };
        }),
      };
    }),
  };
}
