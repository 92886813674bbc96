import { isHidden } from '../course/visibility';
import { exerciseResult, testResult } from './__fixtures__/results';
import { hiddenFailurePlaces, mistakeSentence, stuckHint } from './failure-advice';

test('Stuck? gives the first ordered hint not already printed next to a failing test', () => {
  const result = exerciseResult({
    tests: [testResult({ name: 'a', status: 'fail', score: 0, hint: 'first' })],
    hints: ['first', 'second', 'third'],
  });
  expect(stuckHint(result)).toBe('second');
  expect(stuckHint({ ...result, hints: ['first'] })).toBeUndefined();
  expect(stuckHint({ ...result, status: 'pass' })).toBeUndefined();
  // A syntax error: the type errors are the place to start, not a hint about the tests.
  expect(
    stuckHint({ ...result, status: 'error', compile: { ok: false, diagnostics: [] } }),
  ).toBeUndefined();
});

test('a recognised mistake is said only for a failing result', () => {
  const mistake = { variant: 'no-wake', mistake: 'unlock() never notifies', score: 0.8 };
  expect(mistakeSentence(exerciseResult({ mistake }))).toBe(
    'What your code most likely does: unlock() never notifies',
  );
  expect(mistakeSentence(exerciseResult({ mistake, status: 'pass' }))).toBeUndefined();
  expect(mistakeSentence(exerciseResult())).toBeUndefined();
});

test('the places where hidden tests failed, each once, and only failures', () => {
  const at = { file: 'ex03-race-and-lock/mutex.ts', line: 15, column: 15 };
  const hidden = { visibility: 'hidden' as const, status: 'fail' as const, score: 0 };
  const result = exerciseResult({
    tests: [
      testResult({ name: 'h1', ...hidden, location: at }),
      testResult({ name: 'h2', ...hidden, location: { ...at } }),
      testResult({ name: 'h3', visibility: 'hidden', location: { ...at, line: 3 } }),
      testResult({ name: 'v', status: 'fail', score: 0, location: { ...at, line: 9 } }),
    ],
  });
  expect(hiddenFailurePlaces(result, (test) => !isHidden(test))).toEqual([at]);
});
