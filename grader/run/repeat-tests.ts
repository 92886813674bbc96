import type { TestSpec } from '../course/types';
import { dueNext, exerciseRuns, verdictOfRuns } from '../result/runs-policy';
import type { TestResult } from '../result/types';
import { runTests, TestsContext, TestsRun } from './run-tests';
import type { Roots } from './test-results';

export interface Repeat {
  /** Every test gets this many runs instead of its manifest's (`check --repeat`). */
  runs?: number;
  /** Told after each run: which run it was, of how many at most, and what the tests run did. */
  onRun?: (run: number, of: number, results: TestResult[]) => void;
}

interface Gate {
  /**
   * Settles true once the code may be tested (it type-checked): runs after the first, and every
   * word to onRun, wait for it, as tests started beside the type-check may be for nothing.
   */
  cleared?: Promise<boolean>;
}

export interface RepeatedRun extends TestsRun {
  /** How many runs there were, and in how many some test run did not pass. */
  runs: { runs: number; failed_runs: number };
}

/**
 * Runs the tests as the grading policy says (result/runs-policy.ts): each run is a whole
 * runTests of the tests still due, in fresh test processes; a test leaves once it fails or has
 * passed all its runs. The type-check and style are the caller's, done once.
 */
export async function runTestsRepeatedly(
  tests: TestSpec[],
  roots: Roots,
  context: TestsContext,
  repeat: Repeat & Gate = {},
): Promise<RepeatedRun> {
  const cleared = repeat.cleared ?? Promise.resolve(true);
  const history = new Map<string, TestResult[]>();
  const rounds: TestResult[][] = [];
  const outputs: string[] = [];
  const tampering: string[] = [];
  const most = Math.max(1, ...tests.map((test) => repeat.runs ?? test.runs));
  // Dead states proven in one run are the same code's in the next (run-tests.ts).
  const deadStates = context.deadStates ?? {};
  for (;;) {
    const due = dueNext(tests, history, repeat.runs);
    if (due.length === 0 || (rounds.length > 0 && !(await cleared))) break;
    // Test processes held warm are for a watch's next check, whose first run this is not.
    const run = await runTests(
      due,
      roots,
      rounds.length === 0
        ? { ...context, deadStates }
        : { ...context, warm: undefined, deadStates },
    );
    const round = due.map((test) => run.results.get(test.name)!);
    for (const result of round)
      history.set(result.name, [...(history.get(result.name) ?? []), result]);
    rounds.push(round);
    tampering.push(...run.tampering);
    // What the code printed in the first run, and in any run where a test failed: the output
    // that explains a failure, without every passing run's repeats.
    if (rounds.length === 1 || round.some((result) => result.status !== 'pass'))
      outputs.push(run.output);
    // Tampering voids the exercise, and an interrupted run is no verdict: no more runs.
    if (run.tampering.length > 0 || context.signal?.aborted || !(await cleared)) break;
    repeat.onRun?.(rounds.length, most, round);
  }
  const results = new Map(
    tests.flatMap((test) => {
      const runs = history.get(test.name);
      return runs ? [[test.name, verdictOfRuns(runs)] as const] : [];
    }),
  );
  return {
    results,
    output: outputs.filter(Boolean).join('\n').slice(-4000),
    tampering,
    runs: exerciseRuns(rounds),
  };
}
