import * as fs from 'fs';
import * as path from 'path';
import { loadExercise } from '../course/find';
import { graderRoot, stateDir } from '../paths';
import type { Place } from './progress-store';
import { EXIT, Io } from '../io';

const seenFile = (id: string, place: Place) =>
  path.join(place.stateDir ?? stateDir(place.course), 'hints', `${id}.json`);

/**
 * `npm run hint ex03`: hints are graded from a nudge to nearly the answer, so each call reveals
 * one more (the ones already seen are repeated); `--all` shows every hint at once. Once all are
 * shown it says so, rather than repeating them as if one were new.
 */
export function hint(options: { exercise: string; all?: boolean } & Place, io: Io): number {
  const { exercise } = loadExercise(options.course ?? graderRoot, options.exercise);
  const total = exercise.hints.length;
  const file = seenFile(exercise.id, options);
  const seen = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { shown: number }).shown
    : 0;
  const shown = options.all ? total : Math.min(seen + 1, total);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ shown }));
  io.out(`${exercise.id}  ${exercise.title}\n`);
  if (total === 0) {
    io.out(
      `  This exercise has no hints. Its README.md and the failing tests' messages are the guide.\n`,
    );
    return EXIT.ok;
  }
  exercise.hints
    .slice(0, shown)
    .forEach((text, index) => io.out(`  hint ${index + 1} of ${total}: ${text}\n`));
  if (shown < total) io.out(`  (run it again for the next hint)\n`);
  else if (seen >= total && !options.all)
    io.out(`  No more hints: you have seen all ${total}. Read the README.md again, or ask.\n`);
  else io.out(`  That was the last hint.\n`);
  return EXIT.ok;
}
