import { exerciseResult, testResult } from '../report/__fixtures__/results';
import type { ManifestTest } from '../course/types';
import { orderHints } from './hint-order';

// Hints follow what failed: a syntax error is not told about generators, and a failing hidden
// test leads to the hints of the visible tests that check the same promise, never to its own.

const manifest = {
  hints: ['exercise-wide first', 'exercise-wide second'],
  tests: [
    { name: 'visible a', points: 1, visibility: 'visible', checks: ['p1'], hint: 'hint a' },
    { name: 'visible b', points: 1, visibility: 'visible', checks: ['p2'], hint: 'hint b' },
    { name: 'hidden c', points: 1, visibility: 'hidden', checks: ['p2'], hint: 'secret c' },
  ] satisfies ManifestTest[],
};
const result = (failing: string[], overrides = {}) =>
  exerciseResult({
    tests: manifest.tests.map((test) =>
      testResult({
        name: test.name,
        visibility: test.visibility,
        ...(failing.includes(test.name) ? { status: 'fail', score: 0 } : {}),
      }),
    ),
    ...overrides,
  });

test('the failing visible tests` hints come first, in the manifest`s order', () => {
  expect(orderHints(manifest, result(['visible b', 'visible a']))).toEqual([
    'hint a',
    'hint b',
    'exercise-wide first',
    'exercise-wide second',
  ]);
});

test('a failing hidden test leads to the visible hints on its promises, never its own hint', () => {
  const order = orderHints(manifest, result(['hidden c']));
  expect(order).toEqual(['hint b', 'exercise-wide first', 'exercise-wide second']);
  expect(order).not.toContain('secret c');
});

test('a recognised mistake`s hint leads', () => {
  const recognised = result(['visible a'], {
    mistake: { variant: 'v', mistake: 'does x', hint: 'mistake hint', score: 0.9 },
  });
  expect(orderHints(manifest, recognised)[0]).toBe('mistake hint');
});

test('code that does not compile, or that passes, gets the exercise-wide hints alone', () => {
  const broken = result([], { status: 'error', compile: { ok: false, diagnostics: [] } });
  expect(orderHints(manifest, broken)).toEqual(manifest.hints);
  expect(orderHints(manifest, result([]))).toEqual(manifest.hints);
});
