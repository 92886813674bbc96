import { mergeRuns } from '../result/merge-runs';
import { documentOf, exerciseResult, passing, testResult } from './__fixtures__/results';
import { renderNextStep } from './next-step';
import { renderTerminal } from './terminal';

const lineOf = (text: string, name: string) =>
  text.split('\n').find((line) => line.includes(name)) ?? '';

test('a test line shows its time only when it took over a second', () => {
  const text = renderTerminal(
    documentOf(
      exerciseResult({
        tests: [
          testResult({ name: 'quick', duration_ms: 1000 }),
          testResult({ name: 'slow', duration_ms: 2345 }),
          testResult({ name: 'untimed' }),
        ],
      }),
    ),
  );
  expect(lineOf(text, 'quick')).toMatch(/quick\s+1\/1$/);
  expect(lineOf(text, 'slow')).toMatch(/slow\s+1\/1 {2}\(2\.3 s\)$/);
  expect(lineOf(text, 'untimed')).toMatch(/untimed\s+1\/1$/);
});

test('a pass in one run is not congratulated: it says one run, that races hide, and how to repeat', () => {
  const text = renderTerminal(documentOf(passing()));
  expect(text).toContain('All tests passed, in 1 run.');
  expect(text).toContain('Concurrency bugs can hide');
  expect(text).toContain('npm run check -- ex01 --repeat 5');
  expect(text).not.toMatch(/well done/i);
});

test('repeated runs: a pass in every run says so; a test failing in some runs says how often', () => {
  expect(renderTerminal(documentOf(mergeRuns([passing(), passing(), passing()])))).toContain(
    'All tests passed in each of 3 runs.',
  );
  const failed = exerciseResult({
    status: 'fail',
    score: 0,
    tests: [testResult({ name: 'runs tasks', status: 'fail', score: 0, message: 'lost one' })],
  });
  const text = renderTerminal(
    documentOf(mergeRuns([passing(), failed, passing(), failed, passing()])),
  );
  expect(lineOf(text, 'runs tasks')).toMatch(
    /FAIL {2}runs tasks\s+0\/1 {2}\(failed in 2 of 5 runs\)$/,
  );
  expect(text).toContain('        lost one');
  expect(text).toContain('Not every run passed: 2 of 5 runs failed.');
  expect(text).not.toContain('All tests passed');
  expect(renderTerminal(documentOf(mergeRuns([failed, failed])))).toContain(
    'Every one of the 2 runs failed.',
  );
});

test('after the result: next exercise when done, and not done when the same code failed before', () => {
  const done = mergeRuns([passing()]);
  expect(renderNextStep(done, done, { id: 'ex02', title: 'Workers' })).toBe(
    '\nex01 is done. Next: ex02 Workers (npm run check ex02, or just npm run check).\n',
  );
  expect(renderNextStep(done, done, undefined)).toContain('ex01 is done, and so is every exercise');
  const failed = exerciseResult({
    id: 'ex01',
    status: 'fail',
    tests: [testResult({ name: 'runs tasks', status: 'fail', score: 0 })],
  });
  const kept = mergeRuns([failed, passing(), passing()]);
  expect(renderNextStep(done, kept, { id: 'ex02', title: 'Workers' })).toBe(
    '\nNot done yet: this same code failed in 1 of 3 runs so far ("runs tasks"). It is done when it passes every time: find the race, then check again.\n',
  );
  expect(renderNextStep(failed, failed, { id: 'ex01', title: 'Tasks' })).toBe('');
});

test('a type-checker that gave up says why, instead of an empty list of errors to fix', () => {
  const text = renderTerminal(
    documentOf(
      exerciseResult({
        status: 'error',
        score: 0,
        message: 'does not compile: the type-checker ran out of time (20 s) on this code',
        compile: { ok: false, diagnostics: [] },
        tests: [testResult({ name: 'counts', status: 'skipped', score: 0 })],
      }),
    ),
  );
  expect(text).toContain(
    'No test ran: does not compile: the type-checker ran out of time (20 s) on this code.',
  );
  expect(text).not.toContain('Fix these first');
});
