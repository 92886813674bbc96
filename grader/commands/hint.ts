import * as fs from 'fs';
import * as path from 'path';
import { loadExercise } from '../course/find';
import { courseRoot } from '../paths';
import { EXIT, Io } from './io';

const seenFile = (id: string) => path.join(courseRoot, '.grader', 'hints', `${id}.json`);

/**
 * `npm run hint ex03`: hints are graded from a nudge to nearly the answer, so each call reveals
 * one more (the ones already seen are repeated); `--all` shows every hint at once.
 */
export function hint(options: { exercise: string; all?: boolean }, io: Io): number {
  const { exercise } = loadExercise(courseRoot, options.exercise);
  const file = seenFile(exercise.id);
  const seen = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { shown: number }).shown
    : 0;
  const shown = options.all ? exercise.hints.length : Math.min(seen + 1, exercise.hints.length);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ shown }));
  io.out(`${exercise.id}  ${exercise.title}\n`);
  exercise.hints
    .slice(0, shown)
    .forEach((text, index) => io.out(`  hint ${index + 1} of ${exercise.hints.length}: ${text}\n`));
  if (shown < exercise.hints.length) io.out(`  (run it again for the next hint)\n`);
  return EXIT.ok;
}
