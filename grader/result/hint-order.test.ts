import { exerciseResult, testResult } from '../report/__fixtures__/results';
import type { ManifestTest } from '../course/types';
import { orderHints } from './hint-order';

// Hints follow what failed: a syntax error is not told about generators, a failing hidden test
// leads to the exercise-wide hint that speaks of the promises it puts in doubt (never to its own
// hint), and a visible test that passed is no lead.

const manifest = {
  hints: [
    'Keep the state in shared memory.',
    'Wake a sleeper with Atomics.notify after unlocking.',
  ],
  promises: [
    { id: 'p1', text: 'The state lives in shared memory.' },
    { id: 'p2', text: 'unlock() wakes a sleeper with Atomics.notify.' },
  ],
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
        // As a run gives them: a visible test carries its hint.
        ...(test.visibility === 'visible' ? { hint: test.hint } : {}),
        ...(failing.includes(test.name) ? { status: 'fail', score: 0 } : {}),
      }),
    ),
    ...overrides,
  });

test('the failing visible tests` hints come first, in the manifest`s order', () => {
  expect(orderHints(manifest, result(['visible b', 'visible a'])).slice(0, 2)).toEqual([
    'hint a',
    'hint b',
  ]);
});

test('a failing hidden test leads to the exercise-wide hint on its promise, never its own hint', () => {
  const order = orderHints(manifest, result(['hidden c', 'visible b']));
  expect(order).toEqual(['hint b', manifest.hints[1], manifest.hints[0]]);
  expect(order).not.toContain('secret c');
});

test('a promise a passing test checks is not in doubt, and a passing visible test is no lead', () => {
  // hidden c fails, but visible b (same promise) passed: nothing says p2 is broken.
  expect(orderHints(manifest, result(['hidden c']))).toEqual(manifest.hints);
});

test('a promise most of whose tests fail is in doubt, though one of them passed', () => {
  // A put that never notifies: the wake-up test a get's own notify rescues passes, the rest fail.
  const more = {
    ...manifest,
    tests: [
      ...manifest.tests,
      { name: 'hidden d', points: 1, visibility: 'hidden', checks: ['p2'], hint: 'secret d' },
    ] satisfies ManifestTest[],
  };
  const failing = ['hidden c', 'hidden d'];
  const outcome = exerciseResult({
    tests: more.tests.map((test) =>
      testResult({
        name: test.name,
        visibility: test.visibility,
        ...(failing.includes(test.name) ? { status: 'fail', score: 0 } : {}),
      }),
    ),
  });
  expect(orderHints(more, outcome)).toEqual([manifest.hints[1], manifest.hints[0]]);
});

test('a test whose threads sleep in Atomics.wait for good leads to the hint about waking them', () => {
  // The promise in doubt says nothing either hint says: the threads asleep break the tie.
  const tied = {
    ...manifest,
    hints: ['Keep the state in shared memory.', 'Use Atomics.wait, then Atomics.notify.'],
    promises: [
      { id: 'p1', text: 'The state lives in shared memory.' },
      { id: 'p2', text: 'unlock() lets the next worker in.' },
    ],
  };
  const outcome = (asleep: boolean) =>
    exerciseResult({
      tests: manifest.tests.map((test) =>
        testResult({
          name: test.name,
          visibility: test.visibility,
          ...(test.name === 'visible a' ? {} : { status: 'timeout', score: 0 }),
          ...(asleep && test.name === 'visible b'
            ? {
                stuck: {
                  verdict: 'deadlock',
                  threads: [{ name: 'worker 1 of 2', state: 'waiting', frames: [] }],
                },
              }
            : {}),
        }),
      ),
    });
  expect(orderHints(tied, outcome(false))).toEqual(tied.hints);
  expect(orderHints(tied, outcome(true))).toEqual([tied.hints[1], tied.hints[0]]);
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

test('when nothing passed yet, the exercise-wide hints keep the author`s order', () => {
  const starter = result(['visible a', 'visible b', 'hidden c']);
  expect(orderHints(manifest, starter).slice(2)).toEqual(manifest.hints);
});

test('a hint taken off a timed-out test (run/explain-failures.ts) does not come back here', () => {
  const timedOut = result(['visible a']);
  timedOut.tests[0] = { ...timedOut.tests[0], status: 'timeout', hint: undefined };
  expect(orderHints(manifest, timedOut)).not.toContain('hint a');
});
