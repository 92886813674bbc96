import { failedRunsOf, runsOf, verdictOfRuns } from './runs-policy';
import { ExerciseResult, round, TestResult } from './types';

// A concurrency bug can pass one run and fail the next, so one run proves little. A check runs
// each test as often as the grading policy says (result/runs-policy.ts), and checks of unchanged
// code add up; this folds such results into one the usual reporters render: a test that failed in
// any run is reported as failed (with what a failing run said) and counts no points, and `runs` /
// `failed_runs` say how often. Merging is associative: a merged result can be merged again with
// newer runs.

/** Several runs of one exercise against the same code, as one result (runs in the order run). */
export function mergeRuns(results: ExerciseResult[]): ExerciseResult {
  if (results.length === 0) throw new Error('mergeRuns needs at least one run');
  const first = results[0];
  const failing = results.find((result) => result.status !== 'pass');
  const errored = results.find((result) => result.status === 'error');
  const tests = mergeTests(results);
  const styled = results
    .map((result) => result.style)
    .filter((style) => style !== undefined)
    .sort((a, b) => a.score - b.score);
  const style = styled[0];
  const tampering = [...new Set(results.flatMap((result) => result.tampering ?? []))];
  const hashes = new Set(results.map((result) => result.source_sha256));
  const merged: ExerciseResult = {
    ...first,
    status: results.every((result) => result.status === 'pass')
      ? 'pass'
      : results.every((result) => result.status === 'error')
        ? 'error'
        : 'fail',
    message: (errored ?? failing ?? first).message,
    score: round(tests.reduce((sum, test) => sum + test.score, 0) + (style?.score ?? 0)),
    max_score: Math.max(...results.map((result) => result.max_score)),
    duration_ms: results.reduce((sum, result) => sum + result.duration_ms, 0),
    compile: (results.find((result) => !result.compile.ok) ?? first).compile,
    style,
    tests,
    output: (failing ?? results[results.length - 1]).output,
    tampering: tampering.length > 0 ? tampering : undefined,
    runs: results.reduce((sum, result) => sum + runsOf(result), 0),
    failed_runs: results.reduce((sum, result) => sum + failedRunsOf(result), 0),
    source_sha256: hashes.size === 1 ? first.source_sha256 : undefined,
  };
  // Absent, not undefined: the result document's schema has no null fields.
  for (const key of Object.keys(merged) as (keyof ExerciseResult)[])
    if (merged[key] === undefined) delete merged[key];
  return merged;
}

/** Each test across the runs, in the order of its first appearance. */
function mergeTests(results: ExerciseResult[]): TestResult[] {
  const byName = new Map<string, TestResult[]>();
  for (const result of results)
    for (const test of result.tests)
      byName.set(test.name, [...(byName.get(test.name) ?? []), test]);
  return [...byName.values()].map(verdictOfRuns);
}
