import { round } from '../result/types';
import { csvDocument, csvLine } from './csv';
import type { LayoutName } from './layout';
import type { Person } from './submissions';
import type { Summary } from './summary';

/** missing: on the roster, nothing submitted at all; not_submitted: this exercise's files absent. */
export type GradeStatus = 'pass' | 'fail' | 'error' | 'not_submitted' | 'missing';

export interface GradebookRow extends Person {
  id: string;
  /** The LMS marked the submission late. */
  late?: boolean;
  /** With --roster: on it with nothing submitted, or a submission not on it. */
  roster?: 'missing' | 'unmatched';
  exercises: Record<string, { score: number; max_score: number; status: GradeStatus }>;
  total: number;
  max: number;
}

/** How the class was read: the layout, every decision, every entry not graded. */
export interface IntakeReport {
  layout: LayoutName;
  decisions: string[];
  skipped: { name: string; reason: string }[];
  /** Submissions that matched no roster student (with --roster). */
  unmatched: string[];
}

/** gradebook.json (schemas/gradebook.schema.json); gradebook.csv is rendered from it. */
export interface Gradebook {
  version: 1;
  generated_at: string;
  exercises: { id: string; title: string; max_score: number }[];
  students: GradebookRow[];
  summary: Summary;
  intake?: IntakeReport;
  /** The LMS import files written (--export), and who each leaves out and why. */
  imports?: { file: string; left_out: string[] }[];
}

/**
 * One row per student: who (id, name, email, SIS id, section), late, each exercise's points and
 * status, total, max; under the header a "Points Possible" row, as LMS gradebooks have.
 * Byte-identical for the same grades.
 */
export function renderCsv(gradebook: Gradebook): string {
  const ids = gradebook.exercises.map((exercise) => exercise.id);
  const max = gradebook.exercises.reduce((sum, exercise) => sum + exercise.max_score, 0);
  const lines = [
    csvLine([
      'student',
      'name',
      'email',
      'sis_id',
      'section',
      'late',
      ...ids.flatMap((id) => [id, `${id} status`]),
      'total',
      'max',
    ]),
    csvLine([
      'Points Possible',
      '',
      '',
      '',
      '',
      '',
      ...gradebook.exercises.flatMap((exercise) => [exercise.max_score, '']),
      round(max),
      round(max),
    ]),
  ];
  for (const row of gradebook.students) {
    lines.push(
      csvLine([
        row.id,
        row.name,
        row.email,
        row.sis_id,
        row.section,
        row.late ? 'late' : '',
        ...ids.flatMap((id) => [row.exercises[id].score, row.exercises[id].status]),
        row.total,
        row.max,
      ]),
    );
  }
  return csvDocument(lines);
}
