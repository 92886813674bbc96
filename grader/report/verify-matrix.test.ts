import type { VariantReport } from '../verify/verify';
import { matrixRows, renderVerifyMatrix } from './verify-matrix';
import { exerciseResult, passing, testResult } from './__fixtures__/results';

const pass = () => passing();
const caught = () => exerciseResult();
const survived = () =>
  exerciseResult({
    tests: [
      testResult({ name: 'visible one', status: 'fail', score: 0, duration_ms: 40 }),
      testResult({ name: 'hidden test 1', visibility: 'hidden', duration_ms: 900 }),
    ],
  });

const report = (overrides: Partial<VariantReport>): VariantReport => ({
  exercise: 'ex03',
  kind: 'solution',
  name: 'solution',
  runs: [],
  ok: true,
  ...overrides,
});

test('rows: runs, kill rate, slowest test and verdict for each kind of variant', () => {
  const rows = matrixRows([
    report({ runs: [pass(), pass(), pass()] }),
    report({ name: 'solution', runs: [pass(), caught(), pass()], ok: false }),
    report({ kind: 'starter', name: 'starter', runs: [caught()] }),
    report({ kind: 'wrong', name: 'no-wake', runs: [caught(), caught(), caught()] }),
    report({
      kind: 'wrong',
      name: 'plain-field',
      runs: [caught(), survived(), caught()],
      ok: false,
    }),
    report({ kind: 'wrong', name: 'caught-by-others', runs: [caught()], ok: false }),
  ]);
  expect(rows.map((row) => [row.variant, row.runs.join(' '), row.rate, row.verdict])).toEqual([
    ['solution', 'pass pass pass', 'passed 3/3', 'ok'],
    ['solution', 'pass fail pass', 'failed 1/3', 'FLAKY'],
    ['starter', 'fail', 'fails', 'ok'],
    ['wrong/no-wake', 'fail fail fail', 'caught 3/3 (100%)', 'ok'],
    ['wrong/plain-field', 'fail fail fail', 'caught 2/3 (67%)', 'SURVIVED'],
    ['wrong/caught-by-others', 'fail', 'caught 1/1 (100%)', 'MISDECLARED'],
  ]);
  expect(rows[4].slowest).toBe('900 ms hidden test 1');
});

test('the matrix is a table with one column per run', () => {
  const text = renderVerifyMatrix([
    report({ runs: [pass(), pass()] }),
    report({ kind: 'wrong', name: 'no-wake', runs: [caught(), caught()] }),
  ]);
  const [header, rule, solution, wrong] = text.trimEnd().split('\n');
  expect(header.split(/\s{2,}/)).toEqual([
    'exercise',
    'variant',
    'run 1',
    'run 2',
    'rate',
    'slowest test',
    'verdict',
  ]);
  expect(rule).toMatch(/^-+( +-+)+$/);
  expect(solution.split(/\s{2,}/)).toEqual([
    'ex03',
    'solution',
    'pass',
    'pass',
    'passed 2/2',
    '5 ms runs tasks',
    'ok',
  ]);
  expect(wrong.split(/\s{2,}/)).toEqual([
    'ex03',
    'wrong/no-wake',
    'fail',
    'fail',
    'caught 2/2 (100%)',
    '300 ms ten workers, one lock: no update lost',
    'ok',
  ]);
});
