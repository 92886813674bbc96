import * as fs from 'fs';
import * as path from 'path';
import { fixtureRoot } from '../test/fixture-course';
import { temporaryFolder } from '../test/scratch';
import { formatProblem } from '../schemas';
import { readCourse } from './load';

/** A copy of the fixture course that a test may break. */
function copyOfFixture(): string {
  const root = temporaryFolder('grader-course-');
  fs.cpSync(fixtureRoot, root, { recursive: true });
  return root;
}

const manifestFile = (root: string, folder = 'ex90-fixture') =>
  path.join(root, 'exercises', folder, 'exercise.json');

function editManifest(
  root: string,
  edit: (manifest: Record<string, any>) => void,
  folder = 'ex90-fixture',
) {
  const manifest = JSON.parse(fs.readFileSync(manifestFile(root, folder), 'utf8'));
  edit(manifest);
  fs.writeFileSync(manifestFile(root, folder), JSON.stringify(manifest, null, 2));
}

const problemsOf = (root: string) => readCourse(root).problems.map(formatProblem);

test('the fixture course is valid', () => {
  expect(problemsOf(fixtureRoot)).toEqual([]);
});

test('a wrong type names the file, the JSON pointer and the rule', () => {
  const root = copyOfFixture();
  editManifest(root, (manifest) => {
    manifest.tests[1].points = 'two';
  });
  expect(problemsOf(root)).toEqual([
    'exercises/ex90-fixture/exercise.json: /tests/1/points: must be number (exercise.schema.json #/definitions/test/properties/points/type)',
  ]);
});

test('an unknown property and a bad visibility are both reported', () => {
  const root = copyOfFixture();
  editManifest(root, (manifest) => {
    manifest.timeout = 5;
    manifest.tests[0].visibility = 'secret';
  });
  const problems = problemsOf(root);
  expect(problems).toContainEqual(
    expect.stringContaining('exercise.json: /: unknown property "timeout"'),
  );
  expect(problems).toContainEqual(
    expect.stringContaining(
      '/tests/0/visibility: must be equal to one of the allowed values: "visible", "hidden"',
    ),
  );
});

test('a student file that does not exist is named with its path', () => {
  const root = copyOfFixture();
  editManifest(root, (manifest) => {
    manifest.files.push('queue.ts');
  });
  expect(problemsOf(root)).toEqual([
    'exercises/ex90-fixture/exercise.json: /files/1: starter file exercises/ex90-fixture/queue.ts does not exist (file-exists)',
    'exercises/ex90-fixture/exercise.json: /files/1: solution file solutions/ex90-fixture/queue.ts does not exist (file-exists)',
  ]);
});

test('duplicate ids across exercises are reported against the second manifest', () => {
  const root = copyOfFixture();
  for (const base of ['exercises', 'solutions']) {
    fs.cpSync(path.join(root, base, 'ex90-fixture'), path.join(root, base, 'ex90-twin'), {
      recursive: true,
    });
  }
  editManifest(root, (manifest) => (manifest.slug = 'twin'), 'ex90-twin');
  expect(problemsOf(root)).toEqual([
    'exercises/ex90-twin/exercise.json: /id: id "ex90" is also used by exercises/ex90-fixture/exercise.json (unique-id)',
  ]);
});

test('tests named in the manifest must exist, in the folder their visibility says', () => {
  const root = copyOfFixture();
  editManifest(root, (manifest) => {
    manifest.tests[0].name = 'adds numbers';
    manifest.tests[2].visibility = 'visible';
  });
  const problems = problemsOf(root);
  expect(problems).toContain(
    'exercises/ex90-fixture/exercise.json: /tests/0/name: no test titled "adds numbers" in exercises/ex90-fixture/tests/*.test.ts (test-exists)',
  );
  expect(problems).toContainEqual(
    expect.stringContaining('/tests/2/visibility: "counts down to zero" is visible but lives in'),
  );
  expect(problems).toContainEqual(
    expect.stringContaining(
      'defines "adds two numbers", which the manifest does not list (test-in-manifest)',
    ),
  );
});

test('test code that asks instanceof of what graded code returns is refused', () => {
  const root = copyOfFixture();
  const testFile = path.join(root, 'exercises', 'ex90-fixture', 'tests', 'calc.test.ts');
  fs.appendFileSync(
    testFile,
    '\n// a comment may say instanceof\nconst isError = (value: unknown) => value instanceof Error;\n',
  );
  const lines = fs.readFileSync(testFile, 'utf8').split('\n').length;
  expect(problemsOf(root)).toEqual([
    `exercises/ex90-fixture/exercise.json: /tests: exercises/ex90-fixture/tests/calc.test.ts:${lines - 1} uses instanceof, which a class of the student's can answer for itself: use isInstance from @course/testkit, or expect(value).toBeInstanceOf(Class) (tests-compare-data)`,
  ]);
});

test('points must add up and the folder must match id and slug', () => {
  const root = copyOfFixture();
  editManifest(root, (manifest) => {
    manifest.points = 7;
    manifest.slug = 'other';
  });
  expect(problemsOf(root)).toEqual([
    'exercises/ex90-fixture/exercise.json: /slug: the folder must be named "ex90-other", found "ex90-fixture" (folder-name)',
    'exercises/ex90-fixture/exercise.json: /points: points is 7 but the tests and style points add up to 6 (points-add-up)',
  ]);
});

test('invalid JSON is reported, not thrown', () => {
  const root = copyOfFixture();
  fs.writeFileSync(manifestFile(root), '{ "id": ');
  expect(problemsOf(root)[0]).toMatch(
    /^exercises\/ex90-fixture\/exercise.json: not valid JSON: .* \(json\)$/,
  );
});

test('a student copy without hidden tests and solutions is still valid', () => {
  const root = copyOfFixture();
  fs.rmSync(path.join(root, 'solutions'), { recursive: true });
  fs.rmSync(path.join(root, 'exercises', 'ex90-fixture', 'hidden'), { recursive: true });
  const { course, problems } = readCourse(root);
  expect(problems).toEqual([]);
  expect(
    course.exercises[0].tests.find((test) => test.visibility === 'hidden')?.file,
  ).toBeUndefined();
});
