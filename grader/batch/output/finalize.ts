import * as fs from 'fs';
import * as path from 'path';
import { renderFeedback } from '../../report/feedback';
import { renderCsv } from '../../report/gradebook-csv';
import { gradescopeResults } from '../../report/gradescope';
import type { Gradebook, GradebookRow, JobRecord, RunRecord } from '../../result/gradebook';
import { round, summarize } from '../../result/types';
import { assertValid, writeFileAtomic, writeValidJson } from '../../schemas';
import { writeClassReport } from './class-report-file';
import { writeExports } from './exports';
import { gradebookCsv, gradebookJson, jobFile, readJob, studentDir } from './store';
import { SummaryBuilder } from './summary';

/** Jobs of the run that have no valid record yet, as "student exercise". */
export function missingJobs(out: string, run: RunRecord): string[] {
  return run.students.flatMap((student) =>
    run.exercises
      .filter((exercise) => !readJob(jobFile(out, student, exercise.id)))
      .map((exercise) => `${student} ${exercise.id}`),
  );
}

/**
 * Builds every per-student document and the gradebook from the job records alone, one student at
 * a time. `grade` and `merge` both end here, which is why a merged gradebook equals an unsharded one.
 */
export function finalize(out: string, run: RunRecord): Gradebook {
  const summary = new SummaryBuilder(run.exercises);
  const students: GradebookRow[] = [];
  for (const student of run.students) {
    const records = run.exercises.map((exercise) => {
      const record = readJob(jobFile(out, student, exercise.id));
      if (!record) throw new Error(`no result for ${student} ${exercise.id} in ${out}`);
      return record;
    });
    const row = studentRow(student, records, run.intake?.people[student]);
    const failed = writeStudentDocuments(out, student, records, run.formats);
    if (failed) row.report_error = failed;
    summary.add(row, records);
    students.push(row);
  }
  // No time in it: grading the same class again writes the same bytes (docs/grading.md). When
  // each job ran and how long it took stay in its record (jobs/<student>/<exercise>.json).
  const gradebook: Gradebook = {
    version: 1,
    exercises: run.exercises.map(({ id, title, max_score }) => ({ id, title, max_score })),
    students,
    summary: summary.build(),
  };
  if (run.intake) {
    const { people: _people, ...intake } = run.intake;
    gradebook.intake = intake;
  }
  if (run.exports && run.exports.formats.some((format) => format !== 'csv')) {
    // Written first, so that gradebook.json can say who each import file leaves out.
    const imports = writeExports(out, gradebook, run.exports);
    gradebook.imports = imports.map(({ file, left_out }) => ({ file, left_out }));
  }
  assertValid('gradebook', gradebook, gradebookJson(out));
  writeFileAtomic(gradebookCsv(out), renderCsv(gradebook));
  writeValidJson('gradebook', gradebookJson(out), gradebook);
  writeClassReport(out, run, gradebook);
  return gradebook;
}

/**
 * The student's documents (result.json, feedback.md, Gradescope's results.json). They hold text the
 * student's code wrote, so rendering them is that student's failure domain: whatever throws here
 * is recorded on the student's row (and in a plain feedback.md) and the class still gets its
 * gradebook. Returns what went wrong, if anything.
 */
function writeStudentDocuments(
  out: string,
  student: string,
  records: JobRecord[],
  formats: RunRecord['formats'],
): string | undefined {
  const dir = studentDir(out, student);
  const gradescopeFile = path.join(dir, 'results.json');
  try {
    const document = summarize(
      student,
      records.map((record) => record.result),
    );
    writeValidJson('result', path.join(dir, 'result.json'), document);
    writeFileAtomic(path.join(dir, 'feedback.md'), renderFeedback(document, records));
    if (formats.includes('gradescope'))
      writeValidJson('gradescope-results', gradescopeFile, gradescopeResults(document, records));
    else fs.rmSync(gradescopeFile, { force: true });
    return undefined;
  } catch (error) {
    // Nothing half-written or left from an earlier run stays beside the notice.
    for (const file of ['result.json', 'results.json'])
      fs.rmSync(path.join(dir, file), { force: true });
    writeFileAtomic(path.join(dir, 'feedback.md'), plainFeedback(student, records));
    const reason = error instanceof Error ? error.message : String(error);
    return `the grader could not write this student's documents: ${reason.slice(0, 200)}`;
  }
}

/** The scores alone, with no text from the jobs: what is left when the full feedback failed. */
function plainFeedback(student: string, records: JobRecord[]): string {
  return [
    `# Feedback: ${student.replace(/[^\w.@-]/g, '_')}`,
    '',
    'The detailed feedback could not be written; your instructor has been told. Your points:',
    '',
    ...records.map(
      (record) =>
        `- ${record.exercise}: ${record.result.score}/${record.result.max_score} (${record.result.status})`,
    ),
    '',
  ].join('\n');
}

/** The gradebook row: the records' scores and statuses, no text from the jobs. */
function studentRow(
  student: string,
  records: JobRecord[],
  person: NonNullable<RunRecord['intake']>['people'][string] = {},
): GradebookRow {
  const missing = person.roster === 'missing';
  return {
    id: student,
    ...person,
    exercises: Object.fromEntries(
      records.map((record) => [
        record.exercise,
        {
          score: record.result.score,
          max_score: record.result.max_score,
          status: record.intake.submitted
            ? record.intake.unchanged
              ? 'unchanged'
              : record.result.status
            : missing
              ? 'missing'
              : 'not_submitted',
        },
      ]),
    ),
    total: round(records.reduce((sum, record) => sum + record.result.score, 0)),
    max: round(records.reduce((sum, record) => sum + record.result.max_score, 0)),
  };
}
