import * as fs from 'fs';
import { exercisesDir, hiddenTestsDir, solutionsDir } from '../course/layout';
import { readCourse } from '../course/load';
import { graderRoot } from '../paths';
import { exerciseRunBackstopMs } from '../run/limits';
import { runExercise } from '../run/run-exercise';

// `npm test` of a student copy: the copy works on its own. The manifests are valid, nothing the
// students must not have is here, and every exercise's code compiles and its visible tests run
// against it (pass or fail: proving the tests run, not grading). Not part of the instructor's
// `npm test`: the released package.json runs it through student-jest.config.ts.

const { course, problems } = readCourse(graderRoot);

test('every manifest is valid', () => {
  expect(problems.map((problem) => `${problem.file}: ${problem.message}`)).toEqual([]);
  expect(course.exercises.length).toBeGreaterThan(0);
});

test('this copy holds no solutions and no hidden tests', () => {
  expect(fs.existsSync(solutionsDir(graderRoot))).toBe(false);
  for (const exercise of course.exercises) {
    expect(fs.existsSync(hiddenTestsDir(exercise.dir))).toBe(false);
    for (const test of exercise.tests.filter((candidate) => candidate.visibility !== 'visible'))
      expect(test.name).toMatch(/^hidden test \d+$/);
  }
});

for (const exercise of course.exercises) {
  const limit = exerciseRunBackstopMs(exercise.tests);
  test(
    `${exercise.id}: ${exercise.files.join(', ')} compile${exercise.files.length === 1 ? 's' : ''} and the visible tests run`,
    async () => {
      const result = await runExercise(exercise, {
        label: 'exercises/',
        root: exercisesDir(graderRoot),
      });
      const problems = result.compile.diagnostics.map(
        (d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`,
      );
      if (result.status === 'error' && problems.length === 0) problems.push(result.message ?? '');
      expect(problems).toEqual([]);
      const visible = exercise.tests.filter((candidate) => candidate.visibility === 'visible');
      expect(result.tests.map((test) => test.name)).toEqual(visible.map((test) => test.name));
      for (const test of result.tests) {
        expect(test.status).not.toBe('skipped');
        expect(test.message ?? '').not.toMatch(
          /^(could not load the code under test|the tests could not run|the test did not run)/,
        );
      }
      expect(result.hidden.absent_count).toBe(exercise.tests.length - visible.length);
    },
    limit,
  );
}
