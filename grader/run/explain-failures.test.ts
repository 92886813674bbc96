import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findExercise } from '../course/find';
import { loadCourse } from '../course/load';
import { graderRoot } from '../paths';
import { exerciseResult, testResult } from '../report/__fixtures__/results';
import { writtenIn } from '../result/error-kinds';
import { writeMistakeBook } from '../result/mistake-book';
import { buildSignature } from '../result/mistakes';
import { explainFailures, withoutUnfoundedHint } from './explain-failures';

// ex04's put without its notify timed out with an exact location, and was then told that "the
// message says which items were missing": a cause its own time-out does not show.

const hint = 'The message says which items were missing, came twice or were never put.';

test('a hint that reads the assertion message is dropped when the test timed out', () => {
  const timedOut = testResult({ name: 'queue', status: 'timeout', score: 0, hint });
  expect(withoutUnfoundedHint(timedOut)).not.toHaveProperty('hint');
});

test('it stays with the message it explains, and other hints stay on a time-out', () => {
  const failed = testResult({ name: 'queue', status: 'fail', score: 0, hint });
  expect(withoutUnfoundedHint(failed).hint).toBe(hint);
  const wake = testResult({
    name: 'wakes',
    status: 'timeout',
    score: 0,
    hint: 'Each put must wake a sleeping get.',
  });
  expect(withoutUnfoundedHint(wake).hint).toBe('Each put must wake a sleeping get.');
});

test('a failure is matched with the student`s own error words read from their files', () => {
  // ex04's held-out get() that gives up after 3 s, in words of its own: the known mistake gives
  // up in other words; the error, observed by the test, is compared by its kind.
  const course = loadCourse(graderRoot);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'explain-'));
  const exercise = { ...findExercise(course, 'ex04'), dir: path.join(home, 'exercise') };
  const [file] = exercise.files;
  const givesUp = (words: string) =>
    exerciseResult({
      tests: [
        testResult({
          name: 'waits',
          status: 'fail',
          score: 0,
          message: [
            'must still be waiting',
            '',
            '-   "error": undefined,',
            `+   "error": "Error: ${words}",`,
          ].join('\n'),
        }),
      ],
    });
  writeMistakeBook(exercise, [
    buildSignature(
      { name: 'gives-up', mistake: 'get gives up after a while' },
      [givesUp('get: no item came within 10 s')],
      writtenIn(["throw new Error('get: no item came within 10 s');"]),
    ),
  ]);
  const student = path.join(home, 'student');
  fs.mkdirSync(student);
  fs.writeFileSync(path.join(student, file), "throw new Error('get(): none within 3 s');");
  const result = givesUp('get(): none within 3 s');
  try {
    expect(explainFailures(result, exercise, student).mistake?.variant).toBe('gives-up');
    expect(explainFailures(result, exercise).mistake).toBeUndefined();
    // Words the student's files do not hold are no error of its own.
    fs.writeFileSync(path.join(student, file), '// nothing thrown here');
    expect(explainFailures(result, exercise, student).mistake).toBeUndefined();
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
