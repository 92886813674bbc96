import * as diff from 'diff';
import * as fs from 'fs';
import * as path from 'path';
import { HIDDEN_TITLE, miniCourse, recorder, SOLUTION } from '../release/__fixtures__/mini-course';
import { verifyRates } from './verify-rates';

// `verify --rates` on the mini course: a known-wrong solution its hidden test always catches, and
// one whose change is harmless, so that it is never caught and must be listed as under 0.99.

function withVariants(): string {
  const root = miniCourse();
  const wrong = path.join(root, 'solutions/ex90-mini/wrong');
  fs.rmSync(wrong, { recursive: true });
  const variants = {
    'off-by-one': SOLUTION.replace('index < values.length', 'index < values.length - 1'),
    'harmless-rename': SOLUTION.replace(/\bvalue\b/g, 'element'),
  };
  for (const [name, text] of Object.entries(variants)) {
    fs.mkdirSync(path.join(wrong, name), { recursive: true });
    fs.writeFileSync(
      path.join(wrong, name, 'variant.json'),
      JSON.stringify({ mistake: name, caughtBy: [HIDDEN_TITLE] }),
    );
    fs.writeFileSync(
      path.join(wrong, name, 'sum.ts.diff'),
      diff.createTwoFilesPatch('solution/sum.ts', `wrong/${name}/sum.ts`, SOLUTION, text),
    );
  }
  return root;
}

test('every known-wrong solution gets its catch rate, and one under 0.99 is listed and fails the command', async () => {
  const root = withVariants();
  const io = recorder();
  expect(await verifyRates({ runs: 2, root }, io)).toBe(1);
  expect(io.stdout).toMatch(/^ {2}ok +off-by-one +caught 2\/2/m);
  expect(io.stdout).toMatch(/^ {2}LOW +harmless-rename +caught 0\/2/m);
  expect(io.stdout).toMatch(/^ex90 +off-by-one +2\/2 +1\.00 /m);
  expect(io.stdout).toContain(
    '1 known-wrong solution is caught in fewer than 0.99 of runs:\n  ex90 harmless-rename: 0 of 2 runs\n',
  );
}, 300_000);

test('--variant measures only the named solutions, and passes when they are all caught', async () => {
  const root = withVariants();
  const io = recorder();
  expect(await verifyRates({ runs: 1, root, variant: ['off-by-one'] }, io)).toBe(0);
  expect(io.stdout).not.toContain('harmless-rename');
  expect(io.stdout).toContain(
    'Every known-wrong solution was caught in at least 0.99 of its runs.',
  );
}, 300_000);

test('--catchers-only runs only the tests a variant names in caughtBy: a failure elsewhere is not counted', async () => {
  // This variant breaks only the visible two-number sum, but names the hidden test as its catcher.
  const root = withVariants();
  const name = 'pairs-sum-to-zero';
  const text = SOLUTION.replace(
    'let total = 0;',
    'let total = 0;\n  if (values.length === 2) return 0;',
  );
  const folder = path.join(root, 'solutions/ex90-mini/wrong', name);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(
    path.join(folder, 'variant.json'),
    JSON.stringify({ mistake: name, caughtBy: [HIDDEN_TITLE] }),
  );
  fs.writeFileSync(
    path.join(folder, 'sum.ts.diff'),
    diff.createTwoFilesPatch('solution/sum.ts', `wrong/${name}/sum.ts`, SOLUTION, text),
  );
  const whole = recorder();
  expect(await verifyRates({ runs: 1, root, variant: [name] }, whole)).toBe(0);
  expect(whole.stdout).toMatch(/^ {2}ok +pairs-sum-to-zero +caught 1\/1 .*load \d/m);
  const catchers = recorder();
  expect(await verifyRates({ runs: 1, root, variant: [name], catchersOnly: true }, catchers)).toBe(
    1,
  );
  expect(catchers.stdout).toMatch(/^ {2}LOW +pairs-sum-to-zero +caught 0\/1/m);
  expect(catchers.stdout).toContain('(1 runs each, only the tests in caughtBy, ');
}, 300_000);

test('an unknown variant name or a run count below 1 is a usage error, before anything runs', async () => {
  const root = withVariants();
  await expect(verifyRates({ runs: 1, root, variant: ['off-by-two'] }, recorder())).rejects.toThrow(
    /no known-wrong solution named off-by-two in ex90/,
  );
  await expect(verifyRates({ runs: 0, root }, recorder())).rejects.toThrow(/--runs must be/);
});
