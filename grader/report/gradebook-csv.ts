import type { Gradebook } from '../result/gradebook';
import { round } from '../result/types';
import { csvDocument, csvLine } from './csv';

/**
 * One row per student: who (id, name, email, SIS id, section), late, each exercise's points and
 * status, total, max; under the header a "Points Possible" row, as LMS gradebooks have.
 * Byte-identical for the same grades.
 */
export function renderCsv(gradebook: Pick<Gradebook, 'exercises' | 'students'>): string {
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
