import type { Summary } from './summary';

export type GradeStatus = 'pass' | 'fail' | 'error' | 'not_submitted';

export interface GradebookRow {
  id: string;
  exercises: Record<string, { score: number; max_score: number; status: GradeStatus }>;
  total: number;
  max: number;
}

/** gradebook.json (schemas/gradebook.schema.json); gradebook.csv is rendered from it. */
export interface Gradebook {
  version: 1;
  generated_at: string;
  exercises: { id: string; title: string; max_score: number }[];
  students: GradebookRow[];
  summary: Summary;
}

/** One row per student: id, each exercise's points, total, max. Byte-identical for the same grades. */
export function renderCsv(gradebook: Gradebook): string {
  const ids = gradebook.exercises.map((exercise) => exercise.id);
  const lines = [['student', ...ids, 'total', 'max'].map(cell)];
  for (const row of gradebook.students) {
    lines.push(
      [
        row.id,
        ...ids.map((id) => String(row.exercises[id].score)),
        String(row.total),
        String(row.max),
      ].map(cell),
    );
  }
  return lines.map((line) => line.join(',')).join('\r\n') + '\r\n';
}

/**
 * RFC 4180 quoting, and a leading quote mark for text a spreadsheet would run as a formula (a
 * student id is a file name, which the student may have chosen).
 */
function cell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
