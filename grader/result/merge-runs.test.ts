import { documentOf, exerciseResult, passing, testResult } from '../report/__fixtures__/results';
import { schemaProblems } from '../schemas';
import { mergeRuns } from './merge-runs';
import { redactHidden } from './redact';
import type { ExerciseResult } from './types';

// One run of a two-test exercise in which "shares the cell" passed or failed.
function run(shared: 'pass' | 'fail', durationMs = 100): ExerciseResult {
  const passed = shared === 'pass';
  return exerciseResult({
    status: passed ? 'pass' : 'fail',
    score: passed ? 3 : 1,
    max_score: 3,
    duration_ms: durationMs,
    tests: [
      testResult({ name: 'counts once', duration_ms: 10 }),
      testResult({
        name: 'shares the cell',
        status: shared,
        score: passed ? 2 : 0,
        max_score: 2,
        duration_ms: durationMs,
        ...(passed ? {} : { message: `lost an update after ${durationMs} ms` }),
      }),
    ],
  });
}

test('a test that failed in any run is failed, with a failing run message, no points, and how often', () => {
  const merged = mergeRuns([
    run('pass', 100),
    run('fail', 1500),
    run('pass', 200),
    run('fail', 300),
  ]);
  expect(merged).toMatchObject({
    status: 'fail',
    score: 1,
    runs: 4,
    failed_runs: 2,
    duration_ms: 2100,
  });
  const [counts, shares] = merged.tests;
  expect(counts).toMatchObject({ status: 'pass', score: 1, runs: 4, failed_runs: 0 });
  expect(shares).toMatchObject({
    status: 'fail',
    score: 0,
    runs: 4,
    failed_runs: 2,
    message: 'lost an update after 1500 ms',
    // The slowest run's time.
    duration_ms: 1500,
  });
  expect(schemaProblems('result', documentOf(merged), 'merged')).toEqual([]);
});

test('every run passing is a pass with full points', () => {
  const merged = mergeRuns([run('pass'), run('pass'), run('pass')]);
  expect(merged).toMatchObject({ status: 'pass', score: 3, runs: 3, failed_runs: 0 });
  expect(merged.tests.every((test) => test.status === 'pass' && test.failed_runs === 0)).toBe(true);
});

test('merging is associative: checks of the same code add up to the same result', () => {
  const runs = [run('pass'), run('fail'), run('pass'), run('pass'), run('fail')];
  const all = mergeRuns(runs);
  const inSteps = mergeRuns([mergeRuns(runs.slice(0, 2)), mergeRuns(runs.slice(2))]);
  expect(inSteps).toEqual(all);
});

test('one run merged alone keeps its verdict and says it was one run', () => {
  const single = passing();
  expect(mergeRuns([single])).toEqual({
    ...single,
    runs: 1,
    failed_runs: 0,
    tests: single.tests.map((test) => ({ ...test, runs: 1, failed_runs: 0 })),
  });
  expect(() => mergeRuns([])).toThrow(/at least one run/);
});

test('runs of different code keep no source hash; the same code keeps it', () => {
  const a = { ...run('pass'), source_sha256: 'a'.repeat(64) };
  const b = { ...run('pass'), source_sha256: 'b'.repeat(64) };
  expect(mergeRuns([a, a]).source_sha256).toBe('a'.repeat(64));
  expect('source_sha256' in mergeRuns([a, b])).toBe(false);
});

test('a redacted hidden test keeps how often it failed, so redacted results merge right', () => {
  const hidden = (status: 'pass' | 'fail') =>
    exerciseResult({
      tests: [
        testResult({
          name: 'secret name',
          visibility: 'hidden',
          status,
          score: status === 'pass' ? 1 : 0,
          message: 'secret text',
        }),
      ],
    });
  const merged = mergeRuns([hidden('fail'), hidden('pass'), hidden('pass')]);
  const redacted = redactHidden(documentOf(merged)).exercises[0];
  expect(redacted.tests[0]).toEqual({
    name: 'hidden test 1',
    visibility: 'hidden',
    status: 'fail',
    score: 0,
    max_score: 1,
    runs: 3,
    failed_runs: 1,
  });
  expect(
    mergeRuns([redacted, redactHidden(documentOf(hidden('fail'))).exercises[0]]).tests[0],
  ).toMatchObject({
    runs: 4,
    failed_runs: 2,
  });
});
