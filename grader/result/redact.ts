import { shownToStudent, studentTestNames } from '../course/visibility';
import type { ResultDocument, TestResult } from './types';

/**
 * What a student may see: hidden tests count and carry points, and where in the student's own
 * code they failed, but their names and messages stay private (course/visibility.ts decides, as on Gradescope).
 */
export function redactHidden(document: ResultDocument): ResultDocument {
  return {
    ...document,
    exercises: document.exercises.map((exercise) => {
      const names = studentTestNames(exercise.tests);
      // What tampering was seen is for the instructor: the student is told only that there was some.
      const { tampering: _instructorOnly, ...shown } = exercise;
      return {
        ...shown,
        tests: exercise.tests.map((test, index): TestResult => {
          if (shownToStudent(test)) return test;
          return {
            name: names[index],
            visibility: test.visibility,
            status: test.status,
            score: test.score,
            max_score: test.max_score,
            // How often it failed says nothing about the test's text, and later merges need it.
            ...(test.runs !== undefined && { runs: test.runs, failed_runs: test.failed_runs }),
            // Where it failed is a place in the student's own code (failure locations never point
            // elsewhere), shown without the test: the student learns which line, not what checks it.
            ...(test.location && { location: test.location }),
            // The kind of input a hidden case table failed for is the course's own wording, one of
            // the kinds its table stores (result/failed-input-kind.ts): it names no case and no test.
            ...(test.failed_input_kind !== undefined && {
              failed_input_kind: test.failed_input_kind,
            }),
          };
        }),
      };
    }),
  };
}
