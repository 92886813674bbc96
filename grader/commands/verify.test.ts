import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ts from 'typescript';
import { hiddenTestsDir, solutionDir } from '../course/layout';
import { loadCourse } from '../course/load';
import { testFilesIn } from '../course/scan-tests';
import { graderRoot } from '../paths';
import { miniCourse, recorder } from '../release/__fixtures__/mini-course';
import { courseDigest, findProof, recordFile } from '../verify/proof-record';
import { readVariants } from '../verify/variants';
import { verifyWrong } from '../verify/verify';
import { verify } from './verify';

// verify is only worth something if it notices when the tests get weaker. In a temporary copy of
// one exercise, a known-wrong solution is caught; then the assertions of the hidden tests that
// caught it are removed, and verify must fail, naming the survivor.

const course = loadCourse(graderRoot);
// A known-wrong solution that assertions alone catch (a wrong value, not a hang: removing assertions
// cannot weaken a time limit), by the fewest tests, so that removing theirs lets it through: ex06's
// wraps-non-error-reasons when it exists (ex06's tests run once, on a fake clock, where a race
// exercise's repeated runs cost CI minutes for the same proof).
const candidates = course.exercises.flatMap((exercise) =>
  readVariants(course, exercise).variants.map((variant) => ({ exercise, variant })),
);
const chosen =
  candidates.find(
    (c) => c.exercise.id === 'ex06' && c.variant.name === 'wraps-non-error-reasons',
  ) ?? [...candidates].sort((a, b) => a.variant.caughtBy.length - b.variant.caughtBy.length)[0];

/**
 * Removes every statement of the named tests that is an assertion: `expect(...)...`, `because(...)`
 * or a case table (`runCaseTable(...)` asserts each of its cases).
 */
export function removeAssertions(source: string, titles: string[]): string {
  const file = ts.createSourceFile('test.ts', source, ts.ScriptTarget.ES2022, true);
  const cuts: { start: number; end: number }[] = [];
  const root = (expression: ts.Expression): string | undefined => {
    let node: ts.Expression = expression;
    for (;;) {
      if (ts.isAwaitExpression(node) || ts.isParenthesizedExpression(node)) node = node.expression;
      else if (ts.isCallExpression(node) || ts.isPropertyAccessExpression(node))
        node = node.expression;
      else return ts.isIdentifier(node) ? node.text : undefined;
    }
  };
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      ['test', 'it'].includes(node.expression.text) &&
      node.arguments.length >= 2 &&
      ts.isStringLiteralLike(node.arguments[0]) &&
      titles.includes(node.arguments[0].text)
    ) {
      // Every assertion statement inside the test, at any depth: tests check through helpers
      // declared in their own body too (a closure called twice, say).
      const strip = (inner: ts.Node) => {
        if (
          ts.isExpressionStatement(inner) &&
          ['expect', 'because', 'runCaseTable'].includes(root(inner.expression) ?? '')
        ) {
          cuts.push({ start: inner.getStart(file), end: inner.end });
          return;
        }
        ts.forEachChild(inner, strip);
      };
      strip(node.arguments[1]);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return cuts
    .sort((a, b) => b.start - a.start)
    .reduce(
      (text, cut) => `${text.slice(0, cut.start)}/* assertion removed */${text.slice(cut.end)}`,
      source,
    );
}

test('removeAssertions takes out expect, because and case-table statements of the named tests only, nested ones too', () => {
  const source = [
    "test('weak', async () => {",
    '  const value = compute();',
    '  expect(value).toBe(1);',
    "  because('it must', () => expect(value).toBe(1));",
    '  await expect(promise).rejects.toThrow();',
    '  const checked = (when: string) => {',
    '    because(`it must hold ${when}`, () => expect(value).toBe(1));',
    '  };',
    "  checked('now');",
    '  await runCaseTable(table, { run: (input, expected) => expect(input).toBe(expected) });',
    '});',
    "test('strong', () => {",
    '  expect(2).toBe(2);',
    '});',
  ].join('\n');
  expect(removeAssertions(source, ['weak'])).toBe(
    [
      "test('weak', async () => {",
      '  const value = compute();',
      '  /* assertion removed */',
      '  /* assertion removed */',
      '  /* assertion removed */',
      '  const checked = (when: string) => {',
      '    /* assertion removed */',
      '  };',
      "  checked('now');",
      '  /* assertion removed */',
      '});',
      "test('strong', () => {",
      '  expect(2).toBe(2);',
      '});',
    ].join('\n'),
  );
});

test(`verify fails when the hidden test that catches ${chosen.exercise.id} wrong/${chosen.variant.name} loses its assertions`, async () => {
  const { exercise, variant } = chosen;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-weakened-'));
  try {
    fs.cpSync(exercise.dir, path.join(root, 'exercises', exercise.folder), { recursive: true });
    const solution = path.join(root, 'solutions', exercise.folder);
    fs.mkdirSync(solution, { recursive: true });
    for (const file of exercise.files)
      fs.copyFileSync(path.join(solutionDir(course, exercise), file), path.join(solution, file));
    fs.cpSync(variant.dir, path.join(solution, 'wrong', variant.name), { recursive: true });
    // The generators of its case tables, so the copy's tables are as current as the course's.
    const generators = path.join(solutionDir(course, exercise), 'cases');
    if (fs.existsSync(generators))
      fs.cpSync(generators, path.join(solution, 'cases'), { recursive: true });
    fs.symlinkSync(path.join(graderRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    // The generators import the grader's shared edge values, as they do in a course's repository.
    fs.symlinkSync(path.join(graderRoot, 'grader'), path.join(root, 'grader'), 'dir');

    // As written, the hidden tests catch it: these are the ones that do.
    const copy = loadCourse(root);
    const copied = copy.exercises[0];
    const [copiedVariant] = readVariants(copy, copied).variants;
    const control = await verifyWrong(copy, copied, copiedVariant, 1);
    expect(control.problem).toBeUndefined();
    const killers = control.runs[0].tests
      .filter((test) => test.visibility !== 'visible' && test.status !== 'pass')
      .map((test) => test.name);
    expect(killers.length).toBeGreaterThan(0);

    for (const file of testFilesIn(hiddenTestsDir(copied.dir))) {
      const source = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, removeAssertions(source, killers));
    }

    const io = recorder();
    expect(await verify({ exercises: [exercise.id], runs: 1, root }, io)).toBe(1);
    expect(io.stdout).toMatch(
      new RegExp(
        `^${exercise.id} +wrong/${variant.name} +pass +caught 0/1 \\(0%\\) .* SURVIVED$`,
        'm',
      ),
    );
    expect(io.stdout).toContain(
      `${exercise.id} ${variant.name}: survived run 1 of 1: no hidden test failed`,
    );
    // The rest of the matrix still holds: the solution passes, the starter fails.
    expect(io.stdout).toMatch(new RegExp(`^${exercise.id} +solution +pass .* ok$`, 'm'));
    expect(io.stdout).toMatch(new RegExp(`^${exercise.id} +starter +fail .* ok$`, 'm'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}, 300_000);

test('an exercise that cannot be verified fails verify with the reason, without a stack trace', async () => {
  const root = miniCourse();
  fs.writeFileSync(
    path.join(root, 'solutions/ex90-mini/wrong/off-by-one/variant.json'),
    JSON.stringify({ mistake: 'stops early', caughtBy: ['a test that was renamed'] }),
  );
  const io = recorder();
  expect(await verify({ runs: 1, root }, io)).toBe(1);
  expect(io.stdout).toContain(
    `ex90 could not be verified: solutions/ex90-mini/wrong/off-by-one/variant.json: no test "a test that was renamed" in ex90's manifest`,
  );
  expect(io.stdout).not.toMatch(/^\s+at /m);
});

test('verify refuses a copy without solutions/, and a run or job count below 1', async () => {
  const root = miniCourse();
  await expect(verify({ runs: 0, root }, recorder())).rejects.toThrow(/--runs must be/);
  await expect(verify({ runs: 1, jobs: 0, root }, recorder())).rejects.toThrow(/--jobs must be/);
  fs.rmSync(path.join(root, 'solutions'), { recursive: true });
  await expect(verify({ runs: 1, root }, recorder())).rejects.toThrow(
    /needs the solutions\/ folder/,
  );
});

test('a passing verify of the whole course shows its progress and is kept for release', async () => {
  const root = miniCourse();
  // The solution and the starter (its known-wrong solution is a whole file, which verify refuses).
  fs.rmSync(path.join(root, 'solutions/ex90-mini/wrong'), { recursive: true });
  fs.appendFileSync(path.join(root, 'solutions/ex90-mini/sum.ts'), `// ${path.basename(root)}\n`);
  const io = recorder();
  // Two at a time: the starter shares the machine; the solution still runs alone, and first.
  expect(await verify({ runs: 1, root, jobs: 2 }, io)).toBe(0);
  expect(io.stdout).toMatch(
    /^ {2}ok +solution +solution +pass {2}\[1\/2 runs, about \d+ s left\]$/m,
  );
  expect(io.stdout).toMatch(/ \[2\/2 runs\]$/m);
  const digest = courseDigest(loadCourse(root));
  const proof = findProof(digest);
  fs.rmSync(recordFile(digest), { force: true });
  expect(proof).toMatchObject({
    runs: 1,
    variants: 2,
    variant_runs: 2,
  });
});
