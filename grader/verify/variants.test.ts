import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCourse } from '../course/load';
import { fixtureRoot, solutionSource } from '../test/fixture-course';
import { formatProblem } from '../schemas';
import { readVariants } from './variants';

function read(root: string) {
  const course = loadCourse(root);
  return readVariants(course, course.exercises[0]);
}

test('a known-wrong solution is the solution with its diff applied', () => {
  const { variants, problems } = read(fixtureRoot);
  expect(problems).toEqual([]);
  const [variant] = variants;
  expect(variant.name).toBe('stops-at-one');
  expect(variant.files['calc.ts']).toBe(solutionSource().replace('n >= 0; n--', 'n > 0; n--'));
});

test('a diff that no longer fits the solution is named, with the line, by validate', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-variants-'));
  fs.cpSync(fixtureRoot, root, { recursive: true });
  const solution = path.join(root, 'solutions', 'ex90-fixture', 'calc.ts');
  fs.writeFileSync(
    solution,
    fs.readFileSync(solution, 'utf8').replace('n >= 0; n--', 'n >= 0; n -= 1'),
  );
  const { problems } = read(root);
  expect(problems.map(formatProblem)).toEqual([
    expect.stringMatching(
      /^solutions\/ex90-fixture\/wrong\/stops-at-one\/calc\.ts\.diff: no longer fits the solution: line \d+ should be .* \(variant-applies\)$/,
    ),
  ]);
});

test('a variant may hold only diffs of student files', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-variants-'));
  fs.cpSync(fixtureRoot, root, { recursive: true });
  fs.writeFileSync(
    path.join(root, 'solutions', 'ex90-fixture', 'wrong', 'stops-at-one', 'calc.ts'),
    '',
  );
  expect(read(root).problems.map((problem) => problem.rule)).toEqual(['variant-files']);
});
