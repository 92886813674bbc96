import * as fs from 'fs';
import * as path from 'path';
import { loadCourse } from '../course/load';
import { fixtureRoot, solutionSource } from '../test/fixture-course';
import { temporaryFolder } from '../test/scratch';
import { formatProblem } from '../schemas';
import { readDesigns, readVariants } from './variants';

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
  const root = temporaryFolder('grader-variants-');
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
  const root = temporaryFolder('grader-variants-');
  fs.cpSync(fixtureRoot, root, { recursive: true });
  fs.writeFileSync(
    path.join(root, 'solutions', 'ex90-fixture', 'wrong', 'stops-at-one', 'calc.ts'),
    '',
  );
  expect(read(root).problems.map((problem) => problem.rule)).toEqual(['variant-files']);
});

function withDesign(files: Record<string, string>, declaration: unknown) {
  const root = temporaryFolder('grader-designs-');
  fs.cpSync(fixtureRoot, root, { recursive: true });
  const dir = path.join(root, 'solutions', 'ex90-fixture', 'also-correct', 'other-loop');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'variant.json'), JSON.stringify(declaration));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const course = loadCourse(root);
  return readDesigns(course, course.exercises[0]);
}

const declared = { design: 'a loop the other way round', differs: 'counts up instead of down' };

test('an also-correct design may replace a student file whole', () => {
  const { designs, problems } = withDesign({ 'calc.ts': 'export const other = 1;\n' }, declared);
  expect(problems).toEqual([]);
  expect(designs).toEqual([
    expect.objectContaining({
      name: 'other-loop',
      design: declared.design,
      files: { 'calc.ts': 'export const other = 1;\n' },
    }),
  ]);
});

test('an also-correct design may change a student file by a diff against the solution', () => {
  const diff = fs.readFileSync(
    path.join(fixtureRoot, 'solutions', 'ex90-fixture', 'wrong', 'stops-at-one', 'calc.ts.diff'),
    'utf8',
  );
  const { designs, problems } = withDesign({ 'calc.ts.diff': diff }, declared);
  expect(problems).toEqual([]);
  expect(designs[0].files['calc.ts']).toBe(solutionSource().replace('n >= 0; n--', 'n > 0; n--'));
});

test('an also-correct design names its design and holds only student files', () => {
  const { problems } = withDesign({ 'notes.txt': 'x' }, { design: 'no reason given' });
  expect(problems.map((problem) => problem.rule)).toEqual([
    expect.stringMatching(/^design\.schema\.json .*required$/),
  ]);
  const misplaced = withDesign({ 'notes.txt': 'x' }, declared).problems;
  expect(misplaced.map(formatProblem)).toEqual([
    expect.stringMatching(
      /also-correct\/other-loop\/notes\.txt: .*\(calc\.ts\.diff, calc\.ts\) \(variant-files\)$/,
    ),
  ]);
});
