import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Course, Exercise } from '../course/types';
import { equivalentProblems } from './check-equivalents';

// A course folder of one exercise, with or without a mutation report: what `grader validate` reads.
let root: string;
const exercise = { id: 'ex09', folder: 'ex09-demo' } as Exercise;
const course = () => ({ root, exercises: [exercise] }) as Course;
const solution = () => path.join(root, 'solutions', 'ex09-demo');
const source = 'export const f = (a: number, b: number) => (a < b ? 1 : 2);\n';
const listed = {
  mutator: 'EqualityOperator',
  file: 'f.ts',
  line: 1,
  original: 'a < b',
  replacement: 'a <= b',
  why: 'a and b are never equal in any call',
};
const writeList = (list: unknown) =>
  fs.writeFileSync(path.join(solution(), 'equivalent-mutants.json'), JSON.stringify(list));
const writeReport = (status: string) => {
  fs.mkdirSync(path.join(root, 'reports', 'mutation'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'reports', 'mutation', 'ex09-demo.json'),
    JSON.stringify({
      schemaVersion: '2',
      thresholds: { high: 90, low: 80 },
      files: {
        'solutions/ex09-demo/f.ts': {
          language: 'typescript',
          source,
          mutants: [
            {
              id: '1',
              mutatorName: 'EqualityOperator',
              replacement: 'a <= b',
              location: { start: { line: 1, column: 45 }, end: { line: 1, column: 50 } },
              status,
            },
          ],
        },
      },
    }),
  );
};

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'mutate-equivalents-'));
  fs.mkdirSync(solution(), { recursive: true });
  fs.writeFileSync(path.join(solution(), 'f.ts'), source);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test('an exercise without equivalent-mutants.json has nothing to check', () => {
  expect(equivalentProblems(course(), exercise)).toEqual([]);
});

test('the file must fit its schema, with a pointer to the entry at fault', () => {
  writeList([{ ...listed, why: undefined, extra: 1 }]);
  const problems = equivalentProblems(course(), exercise);
  expect(problems.map((problem) => [problem.file, problem.pointer])).toEqual([
    ['solutions/ex09-demo/equivalent-mutants.json', '/0'],
    ['solutions/ex09-demo/equivalent-mutants.json', '/0'],
  ]);
  expect(problems.map((problem) => problem.message).sort()).toEqual([
    "must have required property 'why'",
    'unknown property "extra"',
  ]);
});

test('without a report, the listed text must be in the solution at that line', () => {
  writeList([listed, { ...listed, original: 'a > b' }]);
  expect(equivalentProblems(course(), exercise)).toEqual([
    {
      file: 'solutions/ex09-demo/equivalent-mutants.json',
      pointer: '/1',
      rule: 'equivalent-original-exists',
      message: '"a > b" does not start on f.ts:1',
    },
  ]);
});

test('with a report, a listed mutant that survived holds', () => {
  writeList([listed]);
  writeReport('Survived');
  expect(equivalentProblems(course(), exercise)).toEqual([]);
});

test('with a report, a listed mutant that no longer exists fails validation', () => {
  writeList([{ ...listed, replacement: 'a >= b' }]);
  writeReport('Survived');
  const problems = equivalentProblems(course(), exercise);
  expect(problems).toEqual([expect.objectContaining({ pointer: '/0', rule: 'equivalent-exists' })]);
});

test('with a report, a listed mutant that the tests kill fails validation', () => {
  writeList([listed]);
  writeReport('Killed');
  expect(equivalentProblems(course(), exercise)).toEqual([
    expect.objectContaining({ pointer: '/0', rule: 'equivalent-survives' }),
  ]);
});
