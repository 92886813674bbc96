import * as diff from 'diff';
import * as fs from 'fs';
import * as path from 'path';
import { loadCourse } from '../course/load';
import {
  HIDDEN_TITLE,
  miniCourse,
  SOLUTION,
  VISIBLE_TITLE,
} from '../release/__fixtures__/mini-course';
import { readVariants } from './variants';
import { verifyStarter, verifyWrong } from './verify';

// npm test proves a known-wrong solution caught with one of its named catchers, the one with the
// shortest limit, and runs the others only when that one lets a run through: the claim is the
// same as with every named catcher, and a variant no catcher fails is still reported. A starter
// is proven failing the same way, by the test with the shortest limit first.

const EMPTY_TITLE = 'sums an empty list to 0';

function courseWithTwoCatchers() {
  const root = miniCourse();
  const manifestFile = path.join(root, 'exercises/ex90-mini/exercise.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  manifest.points += 1;
  manifest.tests.push({ name: EMPTY_TITLE, points: 1, visibility: 'hidden', timeoutMs: 1000 });
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  fs.writeFileSync(
    path.join(root, 'exercises/ex90-mini/hidden/empty.test.ts'),
    `import { sum } from '@subject/ex90-mini/sum';\n\ntest('${EMPTY_TITLE}', () => {\n  expect(sum([])).toBe(0);\n});\n`,
  );
  const wrong = path.join(root, 'solutions/ex90-mini/wrong');
  fs.rmSync(wrong, { recursive: true });
  const variants = {
    // Caught by the long-list test only: the empty list still sums to 0.
    'off-by-one': SOLUTION.replace('index < values.length', 'index < values.length - 1'),
    // Caught by the empty-list test, the cheaper one, only.
    'empty-is-one': SOLUTION.replace('let total = 0;', 'let total = values.length === 0 ? 1 : 0;'),
    // Caught by neither.
    'harmless-rename': SOLUTION.replace(/\bvalue\b/g, 'element'),
  };
  for (const [name, text] of Object.entries(variants)) {
    fs.mkdirSync(path.join(wrong, name), { recursive: true });
    fs.writeFileSync(
      path.join(wrong, name, 'variant.json'),
      JSON.stringify({ mistake: name, caughtBy: [HIDDEN_TITLE, EMPTY_TITLE] }),
    );
    fs.writeFileSync(
      path.join(wrong, name, 'sum.ts.diff'),
      diff.createTwoFilesPatch('solution/sum.ts', `wrong/${name}/sum.ts`, SOLUTION, text),
    );
  }
  const course = loadCourse(root);
  const exercise = course.exercises[0];
  const { variants: read, problems } = readVariants(course, exercise);
  expect(problems).toEqual([]);
  const variant = (name: string) => read.find((each) => each.name === name)!;
  return { course, exercise, variant };
}

const statuses = (report: Awaited<ReturnType<typeof verifyWrong | typeof verifyStarter>>) =>
  Object.fromEntries(report.runs[0].tests.map((test) => [test.name, test.status]));

test('the named catcher with the shortest limit runs alone when it catches', async () => {
  const { course, exercise, variant } = courseWithTwoCatchers();
  const report = await verifyWrong(course, exercise, variant('empty-is-one'), 1, {
    catchers: 'one',
  });
  expect(report.problem).toBeUndefined();
  // Tests left out of a run are not in its result at all.
  expect(statuses(report)).toEqual({ [EMPTY_TITLE]: 'fail' });
}, 120_000);

test('when it lets the wrong solution through, the other named catchers run', async () => {
  const { course, exercise, variant } = courseWithTwoCatchers();
  const report = await verifyWrong(course, exercise, variant('off-by-one'), 1, {
    catchers: 'one',
  });
  expect(report.problem).toBeUndefined();
  expect(statuses(report)).toEqual({ [EMPTY_TITLE]: 'pass', [HIDDEN_TITLE]: 'fail' });
}, 120_000);

test('a wrong solution no named catcher fails is reported as surviving', async () => {
  const { course, exercise, variant } = courseWithTwoCatchers();
  const report = await verifyWrong(course, exercise, variant('harmless-rename'), 1, {
    catchers: 'one',
  });
  expect(report.ok).toBe(false);
  expect(report.problem).toMatch(/^survived run 1 of 1: no hidden test failed/);
}, 120_000);

test('a starter that fails the test with the shortest limit is proven by that test alone', async () => {
  const { course, exercise } = courseWithTwoCatchers();
  // The mini course's starter returns 0; one that returns 1 fails the empty list (1 s limit).
  const starter = path.join(course.root, 'exercises', exercise.folder, 'sum.ts');
  fs.writeFileSync(starter, fs.readFileSync(starter, 'utf8').replace('return 0;', 'return 1;'));
  const report = await verifyStarter(course, exercise, undefined, { tests: 'one' });
  expect(report.problem).toBeUndefined();
  expect(statuses(report)).toEqual({ [EMPTY_TITLE]: 'fail' });
}, 120_000);

test('a starter that passes the test with the shortest limit is run on every test', async () => {
  const { course, exercise } = courseWithTwoCatchers();
  // sum([]) is 0 already: only the longer tests show the starter is not done.
  const report = await verifyStarter(course, exercise, undefined, { tests: 'one' });
  expect(report.problem).toBeUndefined();
  expect(statuses(report)).toEqual({
    [VISIBLE_TITLE]: 'fail',
    [HIDDEN_TITLE]: 'fail',
    [EMPTY_TITLE]: 'pass',
  });
}, 120_000);
