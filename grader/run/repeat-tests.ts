import type { TestSpec } from '../course/types';
import { dueNext, exerciseRuns, verdictOfRuns } from '../result/runs-policy';
import type { TestResult } from '../result/types';
import { runInRounds } from './run-rounds';
import { runTests, testsAfterStuckImport, testsByFile, TestsContext, TestsRun } from './run-tests';
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

/** One run of one group of tests: what it printed and whether any of its tests did not pass. */
interface GroupRun {
  group: number;
  run: number;
  output: string;
  tampering: string[];
  failed: boolean;
}

/**
 * Runs the tests as the grading policy says (result/runs-policy.ts): each run of a test is in a
 * fresh test process; a test leaves once it fails or has passed all its runs. The type-check and
 * style are the caller's, done once.
 *
 * Where test files run side by side (`parallelFiles` above 1), each file goes on to its next run as
 * soon as its own run has ended (run/run-rounds.ts): a lane does not wait for the slowest file of
 * a run (a deadlock being declared, a test that watches for 3 s) before it starts another file's
 * second run. A test's runs are its own whatever the other files do, so the verdicts are the same
 * as run after run. On one lane, a run is every file one after another, as runTests starts the
 * next file ahead.
 */
export async function runTestsRepeatedly(
  tests: TestSpec[],
  roots: Roots,
  context: TestsContext,
  repeat: Repeat & Gate = {},
): Promise<RepeatedRun> {
  const cleared = repeat.cleared ?? Promise.resolve(true);
  const history = new Map<string, TestResult[]>();
  const most = Math.max(1, ...tests.map((test) => repeat.runs ?? test.runs));
  const lanes = context.parallelFiles ?? 1;
  const groups = lanes > 1 ? [...testsByFile(tests).values()] : [tests];
  const groupRuns: GroupRun[] = [];
  const stuckAtImport: (string | undefined)[] = [];
  // Dead states proven in one run are the same code's in the next (run-tests.ts), and an import
  // that never finished is the same code's in every file.
  const deadStates = context.deadStates ?? {};
  const importStuck = {};
  // Tampering voids the exercise, and an interrupted run is no verdict: no more runs.
  let stopped = false;
  let told = Promise.resolve();
  /** A run's results, test by test, once every test due in it has had it. */
  const resultsOfRun = (run: number) =>
    tests.flatMap((test) => history.get(test.name)?.[run] ?? []);
  await runInRounds(
    [...groups.keys()],
    lanes,
    async (group, run) => {
      const due = dueNext(groups[group], history, repeat.runs);
      if (due.length === 0) return false;
      // Test processes held warm are for a watch's next check, whose first run this is not.
      const done = await runTests(due, roots, {
        ...context,
        warm: run === 0 ? context.warm : undefined,
        parallelFiles: groups.length > 1 ? 1 : context.parallelFiles,
        deadStates,
        importStuck,
      });
      const results = due.map((test) => done.results.get(test.name)!);
      for (const result of results)
        history.set(result.name, [...(history.get(result.name) ?? []), result]);
      const failed = results.some((result) => result.status !== 'pass');
      groupRuns.push({ group, run, output: done.output, tampering: done.tampering, failed });
      stuckAtImport[group] ??= done.stuckAtImport;
      if (done.tampering.length > 0 || context.signal?.aborted) stopped = true;
      return !stopped && dueNext(groups[group], history, repeat.runs).length > 0;
    },
    {
      // Asked again after the wait: another file's run may have found tampering meanwhile.
      mayStart: async () => !stopped && (await cleared) && !stopped,
      onRunDone: (run) => {
        told = told.then(async () => {
          if (!stopped && (await cleared)) repeat.onRun?.(run + 1, most, resultsOfRun(run));
        });
      },
    },
  );
  await told;
  for (const [name, result] of testsAfterStuckImport(groups, stuckAtImport))
    history.set(name, [result]);
  const inOrder = [...groupRuns].sort((a, b) => a.run - b.run || a.group - b.group);
  // What the code printed in the first run, and in any run where a test failed: the output
  // that explains a failure, without every passing run's repeats.
  const output = inOrder
    .filter((groupRun) => groupRun.run === 0 || groupRun.failed)
    .map((groupRun) => groupRun.output)
    .filter(Boolean)
    .join('\n');
  const rounds = Array.from(
    { length: Math.max(0, ...tests.map((test) => history.get(test.name)?.length ?? 0)) },
    (_, run) => resultsOfRun(run),
  );
  const results = new Map(
    tests.flatMap((test) => {
      const runs = history.get(test.name);
      return runs ? [[test.name, verdictOfRuns(runs)] as const] : [];
    }),
  );
  return {
    results,
    output: output.slice(-4000),
    tampering: inOrder.flatMap((groupRun) => groupRun.tampering),
    runs: exerciseRuns(rounds),
  };
}
