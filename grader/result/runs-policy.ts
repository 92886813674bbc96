import type { TestResult } from './types';

// The grading policy for code that may pass once and fail the next time (docs/grading.md, "Runs"):
// a test passes only if it passes in every one of its runs, each in a fresh test process. Its
// number of runs comes from the manifest (the test's `runs`, else the exercise's, else 1), or from
// `check --repeat`. A failure is final: a test that failed is never run again, so a wrong
// submission costs one run and only tests that passed every run so far are run again. `grade`,
// `check` and `ci` all go through run/repeat-tests.ts, which asks these pure functions what to run
// next and what the runs add up to.

/** A test with the runs it must pass (course/types.ts TestSpec has both). */
export interface RunsOwed {
  name: string;
  runs: number;
}

/** What each test has done so far, in the order run (absent: not run yet). */
export type RunHistory = ReadonlyMap<string, readonly TestResult[]>;

/**
 * The tests the next run must run: those that passed every run so far and have runs still owed.
 * `override` (check --repeat) gives every test that many runs instead of its own.
 */
export function dueNext<T extends RunsOwed>(
  tests: readonly T[],
  history: RunHistory,
  override?: number,
): T[] {
  return tests.filter((test) => {
    const runs = history.get(test.name) ?? [];
    const owed = override ?? test.runs;
    return runs.length < owed && runs.every((run) => run.status === 'pass');
  });
}

/** Runs a result stands for, and in how many of them it did not pass. */
export const runsOf = (result: { runs?: number }) => result.runs ?? 1;
export const failedRunsOf = (result: { runs?: number; failed_runs?: number; status: string }) =>
  result.failed_runs ?? (result.status === 'pass' ? 0 : runsOf(result));

/**
 * One test's runs (in the order run, each a result that may itself stand for several) as one
 * verdict: a pass only if every run passed; otherwise the first failing run, which is what the
 * student needs explained, with no points. `runs` and `failed_runs` say how often; the duration is
 * the slowest run's, as a test that is slow only sometimes is worth knowing about. Associative, so
 * a verdict can be folded again with newer runs (result/merge-runs.ts does, for checks of the same
 * code).
 */
export function verdictOfRuns(runs: readonly TestResult[]): TestResult {
  if (runs.length === 0) throw new Error('verdictOfRuns needs at least one run');
  const shown = runs.find((test) => test.status !== 'pass') ?? runs[runs.length - 1];
  const durations = runs.flatMap((test) =>
    test.duration_ms === undefined ? [] : [test.duration_ms],
  );
  const verdict: TestResult = {
    ...shown,
    score: Math.min(...runs.map((test) => test.score)),
    runs: runs.reduce((sum, test) => sum + runsOf(test), 0),
    failed_runs: runs.reduce((sum, test) => sum + failedRunsOf(test), 0),
  };
  if (durations.length > 0) verdict.duration_ms = Math.max(...durations);
  return verdict;
}

/**
 * How an exercise's runs went: how many runs there were (the most any test had) and in how many
 * of them some test run did not pass.
 */
export function exerciseRuns(rounds: readonly (readonly TestResult[])[]): {
  runs: number;
  failed_runs: number;
} {
  return {
    runs: Math.max(1, rounds.length),
    failed_runs: rounds.filter((round) => round.some((test) => test.status !== 'pass')).length,
  };
}

/** A test that passed in some runs and failed in another: a race the tests caught only sometimes. */
export const outcomeVaried = (test: { runs?: number; failed_runs?: number; status: string }) =>
  failedRunsOf(test) > 0 && failedRunsOf(test) < runsOf(test);
