import type { Summary } from '../result/gradebook';
import { renderSummary } from './class-summary';

const summary: Summary = {
  students: 2,
  mean: 10,
  median: 10,
  max: 18,
  exercises: [{ id: 'ex03', mean: 10, max_score: 18, not_submitted: 0 }],
  most_failed: [],
  troubled_jobs: [],
};

test('the end summary names each test whose outcome varied between runs, and how often it failed', () => {
  const text = renderSummary({
    ...summary,
    varied: [{ student: 'ada', exercise: 'ex03', test: 'counts exactly', runs: 3, failed_runs: 1 }],
  });
  expect(text).toContain(
    'Tests whose outcome varied between runs (each failed, so scored 0):\n  ada ex03: counts exactly (failed in 1 of 3 runs)\n',
  );
  expect(renderSummary(summary)).not.toContain('varied');
  expect(renderSummary({ ...summary, varied: [] })).not.toContain('varied');
});
