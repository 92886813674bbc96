import * as path from 'path';
import { writeFileAtomic } from '../../schemas';
import type {
  ExportFormat,
  ExportOptions,
  Gradebook,
  GradebookRow,
  MoodleIdentifier,
} from '../../result/gradebook';
import { csvDocument, csvLine } from '../../report/csv';

export const EXPORTS: readonly ExportFormat[] = ['canvas', 'moodle', 'csv'];
export const MOODLE_IDENTIFIERS: readonly MoodleIdentifier[] = ['email', 'idnumber'];

interface ImportFile {
  file: string;
  csv: string;
  /** Students not in the file, each with the reason. */
  left_out: string[];
}

/** The import files the options ask for, each written atomically; what was left out is returned. */
export function writeExports(out: string, gradebook: Gradebook, options: ExportOptions) {
  const files: ImportFile[] = [];
  if (options.formats.includes('canvas')) files.push(canvasImport(gradebook, options.assignment));
  if (options.formats.includes('moodle'))
    files.push(moodleImport(gradebook, options.moodle_identifier ?? 'email', options.assignment));
  for (const file of files) writeFileAtomic(path.join(out, file.file), file.csv);
  return files;
}

/** Grade columns: one per exercise, or one total named by --assignment. */
function gradeColumns(gradebook: Gradebook, assignment: string | undefined) {
  if (assignment)
    return [
      {
        title: assignment,
        points: gradebook.summary.max,
        score: (row: GradebookRow) => row.total,
      },
    ];
  return gradebook.exercises.map((exercise) => ({
    // Canvas reads a trailing "(123)" as an existing assignment's id: keep titles clear of it.
    title: `${exercise.id} ${exercise.title}`.replace(/\((\d+)\)\s*$/, '[$1]'),
    points: exercise.max_score,
    score: (row: GradebookRow) => row.exercises[exercise.id].score,
  }));
}

/** A submission not on the roster cannot be imported: the LMS would not know the student. */
const unmatched = (row: GradebookRow) =>
  row.roster === 'unmatched' ? `${row.id}: not on the roster` : undefined;

/**
 * Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then the grade
 * columns, and a "Points Possible" row. Canvas matches students by ID, SIS User ID or SIS Login
 * ID; an assignment column named "Title (12345)" updates assignment 12345, any other name
 * creates a new assignment.
 */
export function canvasImport(gradebook: Gradebook, assignment?: string): ImportFile {
  const columns = gradeColumns(gradebook, assignment);
  const lines = [
    csvLine([
      'Student',
      'ID',
      'SIS User ID',
      'SIS Login ID',
      'Section',
      ...columns.map((c) => c.title),
    ]),
    csvLine(['Points Possible', '', '', '', '', ...columns.map((column) => column.points)]),
  ];
  const left_out: string[] = [];
  for (const row of gradebook.students) {
    const reason = unmatched(row);
    if (reason) {
      left_out.push(reason);
      continue;
    }
    lines.push(
      csvLine([
        row.name ?? row.id,
        row.id,
        row.sis_id,
        row.login,
        row.section,
        ...columns.map((column) => column.score(row)),
      ]),
    );
  }
  return { file: 'canvas-import.csv', csv: csvDocument(lines), left_out };
}

/**
 * Moodle's "Import grades: CSV file": one identifier column that the import's "Map from" is set
 * to (Email address -> Email address, or ID number -> ID number), the full name for a human
 * reader, then the grade columns, each mapped to a grade item on the import page.
 */
export function moodleImport(
  gradebook: Gradebook,
  identifier: MoodleIdentifier,
  assignment?: string,
): ImportFile {
  const columns = gradeColumns(gradebook, assignment);
  const title = identifier === 'email' ? 'Email address' : 'ID number';
  const lines = [csvLine([title, 'Full name', ...columns.map((column) => column.title)])];
  const left_out: string[] = [];
  for (const row of gradebook.students) {
    const key = identifier === 'email' ? row.email : row.sis_id;
    const reason =
      unmatched(row) ??
      (key
        ? undefined
        : `${row.id}: no ${identifier === 'email' ? 'email' : 'sis_id (ID number)'}`);
    if (reason) {
      left_out.push(reason);
      continue;
    }
    lines.push(csvLine([key, row.name ?? row.id, ...columns.map((column) => column.score(row))]));
  }
  return { file: 'moodle-import.csv', csv: csvDocument(lines), left_out };
}
