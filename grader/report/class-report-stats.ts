import type { Gradebook, JobRecord } from '../result/gradebook';
import type { Visibility } from '../course/types';

// What the class report shows, computed from the gradebook and the job records alone (the same
// inputs as gradebook.json), so `grade`, `merge` and `report` draw the same page.

export interface HistogramBin {
  /** Totals t with lo <= t < hi fall here; the last bin also holds t = hi (the class maximum). */
  lo: number;
  hi: number;
  count: number;
}

export interface TestStat {
  exercise: string;
  test: string;
  visibility: Visibility;
  /** Submitted students for whom the test ran (skipped tests, e.g. after a compile error, are not counted). */
  of: number;
  /** Failed or timed out. */
  failed: number;
  timedOut: number;
  hint?: string;
}

export interface ExerciseStat {
  id: string;
  title: string;
  max_score: number;
  mean: number;
  passed: number;
  not_submitted: number;
  /** Handed in as the starter, unchanged. */
  unchanged: number;
  compile_errors: number;
  /** Jobs (students) where a test timed out, and where the test process crashed. */
  timeouts: number;
  crashes: number;
  /** The tests that timed out or crashed, with how many students each, most first. */
  troubled_tests: { test: string; count: number }[];
}

export interface ClassStats {
  students: number;
  histogram: HistogramBin[];
  exercises: ExerciseStat[];
  /** Every test some student failed, the highest failure rate first. */
  misconceptions: TestStat[];
}

/**
 * One pass over the records, keeping only per-test counters, so a large class is never held in
 * memory. Records may come in any order; the result does not depend on it.
 */
export function classStats(gradebook: Gradebook, records: Iterable<JobRecord>): ClassStats {
  const exerciseOrder = new Map(gradebook.exercises.map((exercise, index) => [exercise.id, index]));
  const tests = new Map<string, TestStat & { order: number }>();
  for (const record of records) {
    if (!record.intake.submitted) continue;
    record.result.tests.forEach((test, order) => {
      if (test.status === 'skipped') return;
      const key = `${record.exercise}\u0000${test.name}`;
      let entry = tests.get(key);
      if (!entry) {
        entry = {
          exercise: record.exercise,
          test: test.name,
          visibility: test.visibility,
          of: 0,
          failed: 0,
          timedOut: 0,
          order,
        };
        tests.set(key, entry);
      }
      entry.of++;
      if (test.status !== 'pass') entry.failed++;
      if (test.status === 'timeout') entry.timedOut++;
      entry.hint ??= test.hint;
    });
  }
  const rate = (stat: TestStat) => stat.failed / stat.of;
  const misconceptions = [...tests.values()]
    .filter((stat) => stat.failed > 0)
    .sort(
      (a, b) =>
        rate(b) - rate(a) ||
        b.failed - a.failed ||
        (exerciseOrder.get(a.exercise) ?? 0) - (exerciseOrder.get(b.exercise) ?? 0) ||
        a.order - b.order,
    )
    .map(({ order: _order, ...stat }) => stat);

  return {
    students: gradebook.students.length,
    histogram: histogram(
      gradebook.students.map((row) => row.total),
      gradebook.summary.max,
    ),
    exercises: gradebook.exercises.map((exercise) => exerciseStat(gradebook, exercise)),
    misconceptions,
  };
}

function exerciseStat(
  gradebook: Gradebook,
  exercise: Gradebook['exercises'][number],
): ExerciseStat {
  const statuses = gradebook.students.map((row) => row.exercises[exercise.id]?.status);
  const count = (status: string) => statuses.filter((each) => each === status).length;
  const troubled = gradebook.summary.troubled_jobs.filter((job) => job.exercise === exercise.id);
  const perTest = new Map<string, number>();
  for (const job of troubled)
    for (const test of job.tests) perTest.set(test, (perTest.get(test) ?? 0) + 1);
  return {
    id: exercise.id,
    title: exercise.title,
    max_score: exercise.max_score,
    mean: gradebook.summary.exercises.find((each) => each.id === exercise.id)?.mean ?? 0,
    passed: count('pass'),
    not_submitted: count('not_submitted'),
    unchanged: count('unchanged'),
    compile_errors: count('error'),
    timeouts: troubled.filter((job) => job.trouble === 'timeout').length,
    crashes: troubled.filter((job) => job.trouble === 'crash').length,
    troubled_tests: [...perTest]
      .map(([test, count]) => ({ test, count }))
      .sort((a, b) => b.count - a.count),
  };
}

/**
 * Bins of the class's totals: one per point when the maximum is at most 20 (every score its own
 * bar), otherwise about ten bins of a round width. Every total lands in exactly one bin.
 */
export function histogram(totals: number[], max: number): HistogramBin[] {
  const width = max <= 20 ? 1 : roundWidth(max / 10);
  const bins = Math.max(1, width === 1 ? Math.floor(max) + 1 : Math.ceil(max / width));
  const out: HistogramBin[] = Array.from({ length: bins }, (_, index) => ({
    lo: index * width,
    hi: index === bins - 1 && width !== 1 ? max : (index + 1) * width,
    count: 0,
  }));
  for (const total of totals)
    out[Math.min(bins - 1, Math.max(0, Math.floor(total / width)))].count++;
  return out;
}

/** 1, 2, 2.5 or 5 times a power of ten: bin edges a reader can add up in their head. */
function roundWidth(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((step) => step * power).find((width) => width >= raw)!;
}
