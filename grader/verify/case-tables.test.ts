import * as fs from 'fs';
import * as path from 'path';
import { loadCourse } from '../course/load';
import { graderRoot } from '../paths';
import { HIDDEN_TITLE, miniCourse } from '../release/__fixtures__/mini-course';
import { caseTableProblems, refreshTables } from './case-tables';

// A case table is the reference's answer to generated inputs, stored as data. These tests plant a
// generator in a small course and check that a stale, orphaned or unread table is refused.

const GENERATOR = `import fc from 'fast-check';
import { sum } from '../sum';

export default {
  test: ${JSON.stringify(HIDDEN_TITLE)},
  seed: 7,
  edges: [[], [-0], [NaN], [2147483647, 1]],
  generated: { arbitrary: fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 4 }), count: 10 },
  kind: (values: number[]) => (values.length === 0 ? 'an empty list' : 'a list of numbers'),
  size: (values: number[]) => values.length,
  expected: (values: number[]) => sum(values),
};
`;

function courseWithTable(): string {
  const root = miniCourse();
  // The generator imports fast-check, which only the course's own node_modules holds.
  fs.symlinkSync(path.join(graderRoot, 'node_modules'), path.join(root, 'node_modules'));
  fs.mkdirSync(path.join(root, 'solutions/ex90-mini/cases'));
  fs.writeFileSync(path.join(root, 'solutions/ex90-mini/cases/sums.ts'), GENERATOR);
  const hidden = path.join(root, 'exercises/ex90-mini/hidden/sum.test.ts');
  fs.writeFileSync(hidden, `// reads cases/sums.json\n${fs.readFileSync(hidden, 'utf8')}`);
  return root;
}

const problemsOf = async (root: string) => {
  const course = loadCourse(root);
  return (await caseTableProblems(course, course.exercises[0])).map((problem) => problem.rule);
};

test('a refreshed table holds the edges and the drawn cases, smallest first, and checks clean', async () => {
  const root = courseWithTable();
  const course = loadCourse(root);
  await refreshTables(course, course.exercises[0]);
  const table = JSON.parse(
    fs.readFileSync(path.join(root, 'exercises/ex90-mini/hidden/cases/sums.json'), 'utf8'),
  );
  expect(table.cases[0]).toEqual({ kind: 'an empty list', size: 0, input: [], expected: 0 });
  expect(table.cases).toContainEqual({
    kind: 'a list of numbers',
    size: 1,
    input: [{ $: 'NaN' }],
    expected: { $: 'NaN' },
  });
  const sizes = table.cases.map((item: { size: number }) => item.size);
  expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
  expect(await problemsOf(root)).toEqual([]);
});

test('a table the reference no longer gives is stale; a missing one is reported as missing', async () => {
  const root = courseWithTable();
  expect(await problemsOf(root)).toEqual(['case-table-missing']);
  const course = loadCourse(root);
  await refreshTables(course, course.exercises[0]);
  const solution = path.join(root, 'solutions/ex90-mini/sum.ts');
  fs.writeFileSync(
    solution,
    fs.readFileSync(solution, 'utf8').replace('total + value', 'total + value + 0.5'),
  );
  jest.resetModules();
  expect(await problemsOf(root)).toEqual(['case-table-stale']);
});

test('a table no hidden test reads, or with no generator, is refused', async () => {
  const root = courseWithTable();
  const course = loadCourse(root);
  await refreshTables(course, course.exercises[0]);
  const hidden = path.join(root, 'exercises/ex90-mini/hidden/sum.test.ts');
  fs.writeFileSync(
    hidden,
    fs.readFileSync(hidden, 'utf8').replace('// reads cases/sums.json\n', ''),
  );
  fs.writeFileSync(path.join(root, 'exercises/ex90-mini/hidden/cases/old.json'), '{}');
  expect((await problemsOf(root)).sort()).toEqual([
    'case-table-not-exercised',
    'case-table-orphan',
  ]);
});
