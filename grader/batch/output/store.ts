import * as fs from 'fs';
import * as path from 'path';
import type { JobRecord, RunRecord } from '../../result/gradebook';
import { UsageError } from '../../user-error';
import { assertValid, schemaProblems, writeValidJson } from '../../schemas';

// The output folder, one file per finished job so that a killed run loses only what was running:
//   run.json                         what this folder holds (grade-run.schema.json)
//   jobs/<student>/<exercise>.json   one per (student, exercise) job (grade-job.schema.json)
//   students/<student>/result.json   the student's result document (result.schema.json)
//   students/<student>/feedback.md   what the instructor hands back
//   students/<student>/results.json  Gradescope's format, with --format gradescope
//   gradebook.json, gradebook.csv

const runFile = (out: string) => path.join(out, 'run.json');
const jobsDir = (out: string) => path.join(out, 'jobs');
export const jobFile = (out: string, student: string, exercise: string) =>
  path.join(jobsDir(out), student, `${exercise}.json`);
export const studentDir = (out: string, student: string) => path.join(out, 'students', student);
export const gradebookJson = (out: string) => path.join(out, 'gradebook.json');
export const gradebookCsv = (out: string) => path.join(out, 'gradebook.csv');

// grade-job.schema.json refers to result.schema.json, which ajv must have compiled first.
let resultSchemaLoaded = false;
function loadResultSchema(): void {
  if (!resultSchemaLoaded) schemaProblems('result', {}, 'result.schema.json');
  resultSchemaLoaded = true;
}

/** Validated, then written atomically: a reader never sees half a job. */
export function writeJob(file: string, record: JobRecord): void {
  loadResultSchema();
  writeValidJson('grade-job', file, record);
}

/** The job's record if it is complete and valid; undefined otherwise (it is then graded again). */
export function readJob(file: string): JobRecord | undefined {
  loadResultSchema();
  let record: unknown;
  try {
    record = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  return schemaProblems('grade-job', record, file).length === 0 ? (record as JobRecord) : undefined;
}

export function writeRun(out: string, record: RunRecord): void {
  writeValidJson('grade-run', runFile(out), record);
}

export function readRun(out: string): RunRecord {
  const file = runFile(out);
  if (!fs.existsSync(file))
    throw new UsageError(`${out} holds no run.json: is it the --out folder of a grade run?`);
  const record = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  assertValid('grade-run', record, file);
  return record as RunRecord;
}
