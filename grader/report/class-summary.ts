import type { Gradebook, GradebookRow, Summary } from '../result/gradebook';

// What `grade` and `merge` print when they finish: the class at a glance, then how it was read.

/** The summary printed at the end of `grade` and `merge`. */
export function renderSummary(summary: Summary): string {
  const out = [
    `${summary.students} student${summary.students === 1 ? '' : 's'} graded: mean ${summary.mean}/${summary.max}, median ${summary.median}/${summary.max}`,
  ];
  for (const exercise of summary.exercises) {
    const notes = [
      ...(exercise.not_submitted > 0 ? [`${exercise.not_submitted} not submitted`] : []),
      ...(exercise.unchanged ? [`${exercise.unchanged} unchanged starter`] : []),
    ];
    const noted = notes.length > 0 ? ` (${notes.join(', ')})` : '';
    out.push(`  ${exercise.id}  mean ${exercise.mean}/${exercise.max_score}${noted}`);
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
  if (summary.varied && summary.varied.length > 0) {
    out.push('Tests whose outcome varied between runs (each failed, so scored 0):');
    for (const entry of summary.varied)
      out.push(
        `  ${entry.student} ${entry.exercise}: ${entry.test} (failed in ${entry.failed_runs} of ${entry.runs} runs)`,
      );
  }
  return out.join('\n') + '\n';
}

/**
 * How the class was read, printed after the summary so nothing disappears silently: the layout
 * and its decisions, every entry not graded, roster students who submitted nothing, submissions
 * on no roster line (loudly: they are graded but cannot be imported), and who each import leaves out.
 */
export function renderIntake(
  gradebook: Pick<Gradebook, 'intake' | 'students' | 'imports'>,
): string {
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
