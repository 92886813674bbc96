import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { loadCourse, readCourse } from '../course/load';
import { listFiles, writeTarGz } from './archive';
import { buildRelease } from './build';
import { overlayHidden } from './hidden';
import { HIDDEN_TITLE, miniCourse } from './__fixtures__/mini-course';
import { temporaryFolder } from '../test/scratch';

// Hidden tests supplied to CI are in place for one run, then gone without a trace.
const temp = () => temporaryFolder('grader-hidden-');

function studentCopy(instructor: string): string {
  const out = path.join(temp(), 'student');
  buildRelease(loadCourse(instructor), out);
  // The student has been working: their file differs from the instructor's starter.
  fs.writeFileSync(path.join(out, 'exercises/ex90-mini/sum.ts'), 'export const sum = () => 42;\n');
  return out;
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    listFiles(dir).map((file) => [
      file,
      crypto
        .createHash('sha1')
        .update(fs.readFileSync(path.join(dir, file)))
        .digest('hex'),
    ]),
  );
}

test.each([
  ['the instructor repository', (instructor: string) => instructor],
  [
    'a bundle written by release --hidden-bundle',
    (instructor: string) => {
      const bundle = path.join(temp(), 'hidden.tar.gz');
      writeTarGz(bundle, path.join(instructor, 'exercises'));
      return bundle;
    },
  ],
  [
    'a tarball of the whole instructor repository, solutions and all',
    (instructor: string) => {
      const bundle = path.join(temp(), 'everything.tgz');
      writeTarGz(bundle, instructor);
      return bundle;
    },
  ],
])('from %s: hidden tests and the real manifest in place, then restored', (_case, source) => {
  const instructor = miniCourse();
  const student = studentCopy(instructor);
  const before = snapshot(student);

  const overlay = overlayHidden(source(instructor), student);
  expect(overlay.exercises).toEqual(['ex90-mini']);
  const { course, problems } = readCourse(student);
  expect(problems).toEqual([]);
  const hidden = course.exercises[0].tests.find((test) => test.visibility === 'hidden')!;
  expect(hidden.name).toBe(HIDDEN_TITLE);
  expect(hidden.file).toBe(path.join(student, 'exercises/ex90-mini/hidden/sum.test.ts'));
  // The student's own file is never replaced, and nothing of solutions/ comes in.
  expect(fs.readFileSync(path.join(student, 'exercises/ex90-mini/sum.ts'), 'utf8')).toBe(
    'export const sum = () => 42;\n',
  );
  expect(listFiles(student).filter((file) => /solutions|wrong/.test(file))).toEqual([]);

  overlay.restore();
  expect(snapshot(student)).toEqual(before);
});

test('a source without hidden tests for this course is an error, and changes nothing', () => {
  const student = studentCopy(miniCourse());
  const before = snapshot(student);
  expect(() => overlayHidden(path.join(temp(), 'missing'), student)).toThrow(/does not exist/);
  expect(() => overlayHidden(temp(), student)).toThrow(/holds no hidden\/ folder/);
  expect(snapshot(student)).toEqual(before);
});
