import * as fs from 'fs';
import * as path from 'path';
import type { Gradebook, JobRecord, RunRecord } from '../../result/gradebook';
import { renderClassReport } from '../../report/class-report';
import { UsageError } from '../../user-error';
import { assertValid, writeFileAtomic } from '../../schemas';
import { gradebookJson, jobFile, readJob, readRun } from './store';

const classReportFile = (out: string) => path.join(out, 'report.html');

/**
 * Writes <out>/report.html from the gradebook and the job records in <out>. The records are read
 * one at a time as the page's counters consume them, so the class is never held in memory.
 */
export function writeClassReport(out: string, run: RunRecord, gradebook: Gradebook): string {
  const file = classReportFile(out);
  writeFileAtomic(
    file,
    renderClassReport({
      gradebook,
      records: records(out, run),
      shard: run.shard,
    }),
  );
  return file;
}

/** `grader report <out>`: the page again from what a finished grade or merge left in <out>. */
export function rewriteClassReport(out: string): string {
  const run = readRun(out);
  const file = gradebookJson(out);
  if (!fs.existsSync(file))
    throw new UsageError(
      `${out} holds no gradebook.json: the grade run is not finished (run its grade command again)`,
    );
  const gradebook = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  assertValid('gradebook', gradebook, file);
  return writeClassReport(out, run, gradebook as Gradebook);
}

function* records(out: string, run: RunRecord): Generator<JobRecord> {
  for (const student of run.students)
    for (const exercise of run.exercises) {
      const record = readJob(jobFile(out, student, exercise.id));
      if (!record)
        throw new UsageError(
          `no valid job record for ${student} ${exercise.id} in ${out}: run the grade command again`,
        );
      yield record;
    }
}
