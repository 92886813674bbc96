import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCourse } from '../course/load';
import { graderRoot } from '../paths';
import { writeTarGz } from '../release/archive';
import { buildRelease } from '../release/build';
import { HIDDEN_TITLE, miniCourse, recorder, SOLUTION } from '../release/__fixtures__/mini-course';
import { ci } from './ci';

// grader ci as a function, on the mini course: hidden tests from GRADER_HIDDEN_TESTS (a tarball),
// the exit status with and without --no-fail, and the summary appended to the step summary file.
const instructor = miniCourse();
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-ci-fn-'));
const student = path.join(base, 'student');
buildRelease(loadCourse(instructor), student);
fs.symlinkSync(path.join(graderRoot, 'node_modules'), path.join(student, 'node_modules'), 'dir');
const bundle = path.join(base, 'hidden.tar.gz');
writeTarGz(bundle, path.join(instructor, 'exercises'));
const summary = path.join(base, 'summary.md');
const env = {
  GRADER_HIDDEN_TESTS: bundle,
  GITHUB_STEP_SUMMARY: summary,
  GITHUB_WORKSPACE: student,
};
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const put = (source: string) =>
  fs.writeFileSync(path.join(student, 'exercises/ex90-mini/sum.ts'), source);

test('the hidden tests named by GRADER_HIDDEN_TESTS run and count, unnamed; a failure exits 1 unless --no-fail', async () => {
  put(SOLUTION.replace('index < values.length', 'index < values.length - 1'));
  fs.writeFileSync(summary, '');
  const io = recorder();
  expect(await ci({ root: student }, io, env)).toBe(1);
  expect(io.stdout).toContain(`Hidden tests from ${bundle} for ex90-mini`);
  // One annotation per exercise (its first visible failure); the hidden one is counted in a notice.
  expect(io.stdout).toContain(
    '::error file=exercises/ex90-mini/sum.ts,line=1,title=ex90%3A sums two numbers (failed)::',
  );
  expect(io.stdout).toContain('1 more failure: see the job summary (ex90: 1)');
  expect(fs.readFileSync(summary, 'utf8')).toContain('| hidden test 1 | ❌ fail | 0/2 |');
  expect(io.stdout + fs.readFileSync(summary, 'utf8')).not.toContain(HIDDEN_TITLE);
  expect(fs.existsSync(path.join(student, 'exercises/ex90-mini/hidden'))).toBe(false);

  expect(await ci({ root: student, fail: false }, recorder(), env)).toBe(0);
}, 120_000);

test('the solution: exit 0, full score in the summary, nothing annotated', async () => {
  put(SOLUTION);
  fs.writeFileSync(summary, '');
  const io = recorder();
  expect(await ci({ root: student, exercises: ['90'] }, io, env)).toBe(0);
  expect(io.stdout).not.toContain('::error');
  expect(fs.readFileSync(summary, 'utf8')).toContain(
    '| ex90 A mini exercise | 3/3 | 2/2 | ✅ pass |',
  );
}, 120_000);

test('without hidden tests: only the visible ones run, and the summary says what is left', async () => {
  put(SOLUTION);
  fs.writeFileSync(summary, '');
  const io = recorder();
  expect(await ci({ root: student }, io, { GITHUB_STEP_SUMMARY: summary })).toBe(0);
  const markdown = fs.readFileSync(summary, 'utf8');
  expect(markdown).toContain('| ex90 A mini exercise | 1/1 | 1/1 | ✅ pass |');
  expect(markdown).toContain('Not run here: 1 hidden test worth 2 points');
}, 120_000);
