import type { GradebookRow, JobRecord, Summary } from '../../result/gradebook';
import { failedRunsOf, outcomeVaried, runsOf } from '../../result/runs-policy';
import { round } from '../../result/types';

const MOST_FAILED = 5;

// The runner's own wording for a test process that ended during or before the tests
// (grader/run/run-exercise.ts): the student's code exited or ran out of memory.
const CRASH_MESSAGES = [
  'the test process exited',
  'the test process ran out of memory',
  'the tests could not run',
];

/** Built one student at a time, so the class is never held in memory. */
export class SummaryBuilder {
  private readonly totals: number[] = [];
  private readonly exerciseSums = new Map<
    string,
    { sum: number; notSubmitted: number; unchanged: number }
  >();
  private readonly failures = new Map<
    string,
    { exercise: string; test: string; order: number; failed: number; of: number }
  >();
  private readonly troubled: Summary['troubled_jobs'] = [];
  private readonly varied: NonNullable<Summary['varied']> = [];

  constructor(private readonly exercises: { id: string; max_score: number }[]) {
    for (const exercise of exercises)
      this.exerciseSums.set(exercise.id, { sum: 0, notSubmitted: 0, unchanged: 0 });
  }

  add(row: GradebookRow, records: JobRecord[]): void {
    this.totals.push(row.total);
    for (const record of records) {
      const sums = this.exerciseSums.get(record.exercise)!;
      sums.sum += record.result.score;
      if (record.intake.unchanged) sums.unchanged++;
      if (!record.intake.submitted) {
        sums.notSubmitted++;
        continue;
      }
      record.result.tests.forEach((test, order) => {
        if (test.status === 'skipped') return;
        const key = `${record.exercise}\u0000${test.name}`;
        const entry = this.failures.get(key) ?? {
          exercise: record.exercise,
          test: test.name,
          order,
          failed: 0,
          of: 0,
        };
        entry.of++;
        if (test.status !== 'pass') entry.failed++;
        this.failures.set(key, entry);
      });
      for (const test of record.result.tests.filter(outcomeVaried))
        this.varied.push({
          student: row.id,
          exercise: record.exercise,
          test: test.name,
          runs: runsOf(test),
          failed_runs: failedRunsOf(test),
        });
      const timedOut = record.result.tests.filter((test) => test.status === 'timeout');
      const crashed = record.result.tests.filter((test) =>
        CRASH_MESSAGES.some((start) => test.message?.startsWith(start)),
      );
      if (crashed.length > 0)
        this.troubled.push({
          student: row.id,
          exercise: record.exercise,
          trouble: 'crash',
          tests: crashed.map((test) => test.name),
        });
      else if (timedOut.length > 0)
        this.troubled.push({
          student: row.id,
          exercise: record.exercise,
          trouble: 'timeout',
          tests: timedOut.map((test) => test.name),
        });
    }
  }

  build(): Summary {
    const count = this.totals.length;
    const sorted = [...this.totals].sort((a, b) => a - b);
    const median =
      count === 0
        ? 0
        : count % 2 === 1
          ? sorted[(count - 1) / 2]
          : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    const exerciseOrder = new Map(this.exercises.map((exercise, index) => [exercise.id, index]));
    return {
      students: count,
      mean: count === 0 ? 0 : round(this.totals.reduce((sum, total) => sum + total, 0) / count),
      median: round(median),
      max: round(this.exercises.reduce((sum, exercise) => sum + exercise.max_score, 0)),
      exercises: this.exercises.map((exercise) => {
        const sums = this.exerciseSums.get(exercise.id)!;
        return {
          id: exercise.id,
          mean: count === 0 ? 0 : round(sums.sum / count),
          max_score: exercise.max_score,
          not_submitted: sums.notSubmitted,
          unchanged: sums.unchanged,
        };
      }),
      most_failed: [...this.failures.values()]
        .filter((entry) => entry.failed > 0)
        .sort(
          (a, b) =>
            b.failed - a.failed ||
            exerciseOrder.get(a.exercise)! - exerciseOrder.get(b.exercise)! ||
            a.order - b.order,
        )
        .slice(0, MOST_FAILED)
        .map(({ exercise, test, failed, of }) => ({ exercise, test, failed, of })),
      troubled_jobs: this.troubled,
      varied: this.varied,
    };
  }
}
