import { testResult } from '../report/__fixtures__/results';
import { dueNext, exerciseRuns, outcomeVaried, verdictOfRuns } from './runs-policy';
import type { TestResult } from './types';

const pass = (durationMs = 10) => testResult({ name: 't', duration_ms: durationMs });
const fail = (message: string, durationMs = 10) =>
  testResult({ name: 't', status: 'fail', score: 0, message, duration_ms: durationMs });

test('a test passes only if it passes every run: one failure among passes fails it, with that run', () => {
  const verdict = verdictOfRuns([pass(), pass(), fail('lost item 7', 40)]);
  expect(verdict).toMatchObject({
    status: 'fail',
    score: 0,
    runs: 3,
    failed_runs: 1,
    message: 'lost item 7',
    duration_ms: 40,
  });
  expect(outcomeVaried(verdict)).toBe(true);
});

test('every run passed: full points, how many runs, the slowest run', () => {
  const verdict = verdictOfRuns([pass(10), pass(30), pass(20)]);
  expect(verdict).toMatchObject({ status: 'pass', score: 1, runs: 3, failed_runs: 0 });
  expect(verdict.duration_ms).toBe(30);
  expect(outcomeVaried(verdict)).toBe(false);
});

test('a failure in the first run is final and does not count as varied', () => {
  const verdict = verdictOfRuns([fail('wrong sum')]);
  expect(verdict).toMatchObject({ status: 'fail', runs: 1, failed_runs: 1 });
  expect(outcomeVaried(verdict)).toBe(false);
  expect(() => verdictOfRuns([])).toThrow(/at least one run/);
});

test('folding verdicts again with newer runs gives what folding every run at once gives', () => {
  const runs = [pass(), pass(), fail('a'), pass(), fail('b')];
  expect(verdictOfRuns([verdictOfRuns(runs.slice(0, 2)), verdictOfRuns(runs.slice(2))])).toEqual(
    verdictOfRuns(runs),
  );
});

describe('which tests the next run runs', () => {
  const tests = [
    { name: 'once', runs: 1 },
    { name: 'racy', runs: 3 },
    { name: 'racy too', runs: 3 },
  ];
  const history = (entries: [string, TestResult[]][]) => new Map(entries);

  test('the first run runs every test', () => {
    expect(dueNext(tests, history([])).map((test) => test.name)).toEqual([
      'once',
      'racy',
      'racy too',
    ]);
  });

  test('a test leaves once it failed or has passed all its runs', () => {
    const after = history([
      ['once', [pass()]],
      ['racy', [pass()]],
      ['racy too', [fail('x')]],
    ]);
    expect(dueNext(tests, after).map((test) => test.name)).toEqual(['racy']);
    const done = history([
      ['once', [pass()]],
      ['racy', [pass(), pass(), pass()]],
      ['racy too', [fail('x')]],
    ]);
    expect(dueNext(tests, done)).toEqual([]);
  });

  test('check --repeat gives every test its number of runs instead of the manifest', () => {
    const afterOne = history([
      ['once', [pass()]],
      ['racy', [pass()]],
      ['racy too', [pass()]],
    ]);
    expect(dueNext(tests, afterOne, 2).map((test) => test.name)).toEqual([
      'once',
      'racy',
      'racy too',
    ]);
    expect(dueNext(tests, afterOne, 1)).toEqual([]);
  });
});

test("an exercise's runs: how many, and in how many some test run did not pass", () => {
  expect(exerciseRuns([[pass(), fail('x')], [pass()], [pass()]])).toEqual({
    runs: 3,
    failed_runs: 1,
  });
  // No test to run is still one run (the result schema counts from 1).
  expect(exerciseRuns([])).toEqual({ runs: 1, failed_runs: 0 });
});
