import { readCourse } from '../course/load';
import { courseRoot } from '../paths';
import { readLastResult } from './check';
import { EXIT, Io } from './io';

/** `npm run status`: every exercise with the outcome of its last check, like `rustlings list`. */
export function list(io: Io): number {
  // Exercises with a broken manifest are left out here; `grader validate` names their problems.
  const { course } = readCourse(courseRoot);
  const rows = course.exercises.map((exercise) => {
    const last = readLastResult(exercise.id)?.exercises[0];
    const state = !last
      ? 'not checked'
      : last.status === 'pass'
        ? 'done'
        : last.status === 'error'
          ? 'error'
          : 'in progress';
    const score = last ? `${last.score}/${last.max_score}` : `-/${exercise.points}`;
    return [exercise.id, exercise.title, state, score];
  });
  const header = ['id', 'exercise', 'state', 'points'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  io.out(
    [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n') +
      '\n',
  );
  const done = rows.filter((row) => row[2] === 'done').length;
  io.out(`\n${done} of ${rows.length} exercises done. Run \`npm run check <id>\` to check one.\n`);
  return EXIT.ok;
}
