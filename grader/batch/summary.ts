import { round } from '../result/types';
import type { Gradebook, GradebookRow } from './gradebook';
import type { JobRecord } from './store';

export interface Summary {
  students: number;
  mean: number;
  median: number;
  /** The most a student can score. */
  max: number;
  exercises: { id: string; mean: number; max_score: number; not_submitted: number }[];
  most_failed: { exercise: string; test: string; failed: number; of: number }[];
  troubled_jobs: {
    student: string;
    exercise: string;
    trouble: 'timeout' | 'crash';
    tests: string[];
  }[];
}

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
  private readonly exerciseSums = new Map<string, { sum: number; notSubmitted: number }>();
  private readonly failures = new Map<
    string,
    { exercise: string; test: string; order: number; failed: number; of: number }
  >();
  private readonly troubled: Summary['troubled_jobs'] = [];

  constructor(private readonly exercises: { id: string; max_score: number }[]) {
    for (const exercise of exercises)
      this.exerciseSums.set(exercise.id, { sum: 0, notSubmitted: 0 });
  }

  add(row: GradebookRow, records: JobRecord[]): void {
    this.totals.push(row.total);
    for (const record of records) {
      const sums = this.exerciseSums.get(record.exercise)!;
      sums.sum += record.result.score;
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
    };
  }
}

/** The summary printed at the end of `grade` and `merge`. */
export function renderSummary(summary: Summary): string {
  const out = [
    `${summary.students} student${summary.students === 1 ? '' : 's'} graded: mean ${summary.mean}/${summary.max}, median ${summary.median}/${summary.max}`,
  ];
  for (const exercise of summary.exercises) {
    const missing = exercise.not_submitted > 0 ? ` (${exercise.not_submitted} not submitted)` : '';
    out.push(`  ${exercise.id}  mean ${exercise.mean}/${exercise.max_score}${missing}`);
  }
  if (summary.most_failed.length > 0) {
    out.push('Most failed tests:');
    for (const entry of summary.most_failed)
      out.push(`  ${entry.failed}/${entry.of}  ${entry.exercise}  ${entry.test}`);
  }
  if (summary.troubled_jobs.length > 0) {
    out.push('Jobs that timed out or crashed:');
    for (const job of summary.troubled_jobs)
      out.push(
        `  ${job.student} ${job.exercise}: ${job.trouble === 'crash' ? 'crashed' : 'timed out'} in ${job.tests.join('; ')}`,
      );
  }
  return out.join('\n') + '\n';
}

/**
 * How the class was read, printed after the summary so nothing disappears silently: the layout
 * and its decisions, every entry not graded, roster students who submitted nothing, submissions
 * on no roster line (loudly: they are graded but cannot be imported), and who each import leaves out.
 */
export function renderIntake(gradebook: Gradebook): string {
  const out: string[] = [];
  const intake = gradebook.intake;
  if (intake) {
    out.push(`Submissions read as ${intake.layout}:`);
    for (const decision of intake.decisions) out.push(`  ${decision}`);
    if (intake.skipped.length > 0) {
      out.push(`Not graded (${intake.skipped.length}):`);
      for (const entry of intake.skipped) out.push(`  ${entry.name}: ${entry.reason}`);
    }
  }
  const late = gradebook.students.filter((row) => row.late).map((row) => row.id);
  if (late.length > 0) out.push(`Late (${late.length}): ${late.join(', ')}`);
  const missing = gradebook.students.filter((row) => row.roster === 'missing');
  if (missing.length > 0)
    out.push(
      `On the roster, nothing submitted (${missing.length}, 0 points): ${missing.map(who).join(', ')}`,
    );
  if (intake && intake.unmatched.length > 0) {
    out.push(
      `WARNING: ${intake.unmatched.length} submission${intake.unmatched.length === 1 ? '' : 's'} matched no roster student (graded, but left out of LMS imports):`,
    );
    for (const id of intake.unmatched) out.push(`  ${id}`);
  }
  for (const file of gradebook.imports ?? []) {
    out.push(
      `${file.file}: ${file.left_out.length === 0 ? 'every student' : `${file.left_out.length} left out`}`,
    );
    for (const reason of file.left_out) out.push(`  ${reason}`);
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}

const who = (row: GradebookRow) => (row.name ? `${row.id} (${row.name})` : row.id);
