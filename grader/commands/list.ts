import { readCourse } from '../course/load';
import { graderRoot } from '../paths';
import { flakyNote, nextExercise, pointsOf, stateOf } from '../result/progress';
import { Place, readLastResult } from './progress-store';
import { EXIT, Io } from '../io';
import { textTable } from '../text-table';

/**
 * `npm run status`: every exercise with the outcome of its last check, like `rustlings list`, and
 * the next one to work on. "done" is defined in result/progress.ts.
 */
export function list(io: Io, place: Place = {}): number {
  // Exercises with a broken manifest are left out here; `grader validate` names their problems.
  const { course } = readCourse(place.course ?? graderRoot);
  const lastOf = (id: string) => readLastResult(id, place)?.exercises[0];
  const rows = course.exercises.map((exercise) => {
    const last = lastOf(exercise.id);
    const flaky = flakyNote(last);
    const state = `${stateOf(last)}${flaky ? ` (${flaky})` : ''}`;
    return [exercise.id, exercise.title, state, pointsOf(last, exercise.points)];
  });
  const header = ['id', 'exercise', 'state', 'points'];
  io.out(textTable(header, rows).join('\n') + '\n');
  const done = rows.filter((row) => row[2] === 'done').length;
  const next = nextExercise(course.exercises, lastOf);
  io.out(
    `\n${done} of ${rows.length} exercises done. ` +
      (next
        ? `Next: ${next.id} ${next.title} (npm run check checks it).\n`
        : 'Every exercise is done.\n'),
  );
  if (rows.some((row) => row[3].includes('to be graded')))
    io.out('Points "to be graded" come from hidden tests, run when your work is graded.\n');
  return EXIT.ok;
}
