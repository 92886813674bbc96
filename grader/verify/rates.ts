import type { ExerciseResult } from '../result/types';
import { textTable } from '../text-table';

// `grader verify --rates`: how often each known-wrong solution is caught, measured over repeated
// runs. A pure function of the runs' results, so the table (and which variants fall short) can be
// tested without running anything. docs/grading.md promises the same grade for the same code; a
// racy bug that loses points in only some runs breaks that promise, and so does a test whose
// outcome varies between runs even when some other test always fails.

/** The per-run catch rate every known-wrong solution must reach (issue 25). */
export const CATCH_RATE_TARGET = 0.99;

/** The runs of one known-wrong solution. */
export interface MeasuredVariant {
  exercise: string;
  name: string;
  runs: ExerciseResult[];
}

export interface CatchRate {
  exercise: string;
  variant: string;
  runs: number;
  /** Runs in which a test failed or timed out. */
  caught: number;
  /**
   * Runs that could not be tested at all (the variant does not compile): no catch, since no test
   * told it apart, but a broken variant, as plain `verify` says too.
   */
  errored: number;
  /** caught / runs. */
  rate: number;
  /**
   * The lowest rate still consistent with the runs at 95% confidence (Wilson score interval):
   * 5 of 5 caught says little, 300 of 300 says the rate is at least 0.987.
   */
  lower95: number;
  /** The distinct scores the runs gave, lowest first: more than one means regrades differ. */
  scores: number[];
  /**
   * Tests that failed in some runs but not all, with how often: the grade's varying part. Of
   * those failures, `timedOut` ran out of time: on a loaded machine a sign of load as much as of
   * the race, where a failed assertion is the race alone.
   */
  unsteady: { test: string; failed: number; timedOut: number }[];
  /** rate < CATCH_RATE_TARGET. */
  below: boolean;
}

/**
 * A run catches the variant when one of its tests fails or times out. A run that errored (the
 * variant does not compile) lost points too, but no test told the variant apart: not a catch.
 */
export const caughtByATest = (run: ExerciseResult): boolean =>
  run.status !== 'error' &&
  run.tests.some((test) => test.status === 'fail' || test.status === 'timeout');

const failed = (run: ExerciseResult, test: string) =>
  run.tests.some(
    (result) => result.name === test && (result.status === 'fail' || result.status === 'timeout'),
  );

export function catchRate(variant: MeasuredVariant, target = CATCH_RATE_TARGET): CatchRate {
  const runs = variant.runs.length;
  const caught = variant.runs.filter(caughtByATest).length;
  const errored = variant.runs.filter((run) => run.status === 'error').length;
  const rate = runs === 0 ? 0 : caught / runs;
  const testNames = [...new Set(variant.runs.flatMap((run) => run.tests.map((test) => test.name)))];
  const timedOut = (run: ExerciseResult, test: string) =>
    run.tests.some((result) => result.name === test && result.status === 'timeout');
  const unsteady = testNames
    .map((test) => ({
      test,
      failed: variant.runs.filter((run) => failed(run, test)).length,
      timedOut: variant.runs.filter((run) => timedOut(run, test)).length,
    }))
    .filter((entry) => entry.failed > 0 && entry.failed < runs);
  return {
    exercise: variant.exercise,
    variant: variant.name,
    runs,
    caught,
    errored,
    rate,
    lower95: wilsonLower(caught, runs),
    scores: [...new Set(variant.runs.map((run) => run.score))].sort((a, b) => a - b),
    unsteady,
    below: rate < target,
  };
}

/** Lower end of the 95% Wilson score interval for `successes` of `trials` (0 for no trials). */
export function wilsonLower(successes: number, trials: number): number {
  if (trials === 0) return 0;
  const z = 1.959964;
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = p + z2n / 2;
  const spread = z * Math.sqrt((p * (1 - p) + z2n / 4) / trials);
  return Math.max(0, (centre - spread) / (1 + z2n));
}

const fixed = (value: number) => value.toFixed(2);

/** One line per variant, then the variants under the target (or a line saying there are none). */
export function renderCatchRates(rates: CatchRate[], target = CATCH_RATE_TARGET): string {
  const header = ['exercise', 'variant', 'caught', 'rate', '>= (95%)', 'scores', 'unsteady tests'];
  const table = rates.map((row) => [
    row.exercise,
    row.variant,
    `${row.caught}/${row.runs}`,
    fixed(row.rate),
    fixed(row.lower95),
    row.scores.join(' '),
    row.unsteady
      .map(
        (entry) =>
          `"${entry.test}" ${entry.failed}/${row.runs}${entry.timedOut > 0 ? ` (${entry.timedOut} timed out)` : ''}`,
      )
      .join('; ') || '-',
  ]);
  const below = rates.filter((row) => row.below);
  const summary =
    below.length === 0
      ? `Every known-wrong solution was caught in at least ${fixed(target)} of its runs.`
      : [
          `${below.length} known-wrong solution${below.length === 1 ? ' is' : 's are'} caught in fewer than ${fixed(target)} of runs:`,
          ...below.map(
            (row) =>
              `  ${row.exercise} ${row.variant}: ${row.caught} of ${row.runs} runs` +
              (row.errored > 0 ? ` (it did not compile in ${row.errored}: fix the variant)` : ''),
          ),
        ].join('\n');
  return [...textTable(header, table), '', summary].join('\n') + '\n';
}
