import { exerciseResult, testResult } from '../report/__fixtures__/results';
import type { ExerciseResult, TestStatus } from '../result/types';
import { catchRate, renderCatchRates, wilsonLower } from './rates';

// One run of a wrong queue: "woken get re-checks" and "stress" are hidden tests that may or may
// not have caught it in that run.
function run(woken: TestStatus, stress: TestStatus): ExerciseResult {
  const tests = [
    testResult({ name: 'fifo', score: 1, max_score: 1 }),
    testResult({ name: 'woken get re-checks', visibility: 'hidden', status: woken, max_score: 2 }),
    testResult({ name: 'stress', visibility: 'hidden', status: stress, max_score: 3 }),
  ].map((test) => ({ ...test, score: test.status === 'pass' ? test.max_score : 0 }));
  const score = tests.reduce((sum, test) => sum + test.score, 0);
  return exerciseResult({ status: score === 6 ? 'pass' : 'fail', score, max_score: 6, tests });
}

test('a variant caught in every run has rate 1, one score and no unsteady test', () => {
  const rate = catchRate({
    exercise: 'ex04',
    name: 'get-rechecks-with-if',
    runs: [run('fail', 'fail'), run('fail', 'timeout'), run('fail', 'fail')],
  });
  expect(rate).toMatchObject({
    exercise: 'ex04',
    variant: 'get-rechecks-with-if',
    runs: 3,
    caught: 3,
    rate: 1,
    scores: [1],
    unsteady: [],
    below: false,
  });
});

test('runs that lose no points lower the rate; tests that fail in only some runs are listed with how often', () => {
  const rate = catchRate({
    exercise: 'ex04',
    name: 'one-signal-wakes-one',
    runs: [run('fail', 'pass'), run('pass', 'pass'), run('fail', 'fail'), run('pass', 'pass')],
  });
  expect(rate.caught).toBe(2);
  expect(rate.rate).toBe(0.5);
  expect(rate.below).toBe(true);
  expect(rate.scores).toEqual([1, 4, 6]);
  expect(rate.unsteady).toEqual([
    { test: 'woken get re-checks', failed: 2, timedOut: 0 },
    { test: 'stress', failed: 1, timedOut: 0 },
  ]);
});

test('an unsteady test says how many of its failures were time-outs, which load alone can cause', () => {
  const rate = catchRate({
    exercise: 'ex04',
    name: 'get-without-lock',
    runs: [run('fail', 'timeout'), run('fail', 'pass'), run('fail', 'fail')],
  });
  expect(rate.unsteady).toEqual([{ test: 'stress', failed: 2, timedOut: 1 }]);
  expect(renderCatchRates([rate])).toContain('"stress" 2/3 (1 timed out)');
});

test('a variant caught in every run but by different tests keeps its rate of 1 and shows the varying grade', () => {
  const rate = catchRate({
    exercise: 'ex04',
    name: 'put-rechecks-with-if',
    runs: [run('fail', 'pass'), run('pass', 'fail')],
  });
  expect(rate).toMatchObject({ caught: 2, rate: 1, below: false, scores: [3, 4] });
  expect(rate.unsteady.map((entry) => entry.test)).toEqual(['woken get re-checks', 'stress']);
});

test('a run that errored (did not compile) is no catch, and the summary says to fix the variant', () => {
  // It lost points, but no test told it apart: plain verify calls such a variant broken too.
  const errored = exerciseResult({ status: 'error', score: 0, max_score: 6, tests: [] });
  const skippedOnly = run('pass', 'skipped');
  const rate = catchRate({ exercise: 'ex02', name: 'x', runs: [errored, skippedOnly, errored] });
  expect(rate).toMatchObject({ caught: 0, errored: 2, rate: 0, below: true });
  expect(renderCatchRates([rate])).toContain(
    'ex02 x: 0 of 3 runs (it did not compile in 2: fix the variant)',
  );
});

test('the target is a parameter: 99 of 100 is under 0.995 and not under 0.99', () => {
  const runs = [...Array(99).fill(run('fail', 'fail')), run('pass', 'pass')];
  expect(catchRate({ exercise: 'ex03', name: 'v', runs }, 0.995).below).toBe(true);
  expect(catchRate({ exercise: 'ex03', name: 'v', runs }, 0.99).below).toBe(false);
});

test('the 95% lower bound grows with the number of runs all caught, and is 0 with no runs', () => {
  expect(wilsonLower(0, 0)).toBe(0);
  expect(wilsonLower(5, 5)).toBeCloseTo(0.566, 3);
  expect(wilsonLower(300, 300)).toBeCloseTo(0.9874, 3);
  expect(wilsonLower(5, 10)).toBeCloseTo(0.2366, 3);
  expect(wilsonLower(0, 10)).toBe(0);
});

test('the table lists every variant and names the ones under the target', () => {
  const text = renderCatchRates([
    catchRate({
      exercise: 'ex04',
      name: 'always',
      runs: [run('fail', 'fail'), run('fail', 'fail')],
    }),
    catchRate({
      exercise: 'ex04',
      name: 'lucky',
      runs: [run('fail', 'pass'), run('pass', 'pass')],
    }),
  ]);
  const lines = text.split('\n');
  expect(lines[0]).toMatch(/^exercise\s+variant\s+caught\s+rate/);
  expect(lines.find((line) => /^ex04 +always/.test(line))).toMatch(/2\/2\s+1\.00\s+0\.34\s+1\s+-$/);
  expect(lines.find((line) => line.includes('lucky'))).toMatch(
    /1\/2\s+0\.50\s+0\.09\s+4 6\s+"woken get re-checks" 1\/2$/,
  );
  expect(text).toContain(
    '1 known-wrong solution is caught in fewer than 0.99 of runs:\n  ex04 lucky: 1 of 2 runs\n',
  );
  expect(renderCatchRates([])).toContain('Every known-wrong solution was caught');
});
