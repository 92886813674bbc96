import * as fs from 'fs';
import * as path from 'path';
import { loadExercise } from '../course/find';
import { graderRoot, stateDir } from '../paths';
import { stuckHint } from '../report/failure-advice';
import { orderHints } from '../result/hint-order';
import { lastResult, Place } from './progress-store';
import { EXIT, Io } from '../io';

const seenFile = (id: string, place: Place) =>
  path.join(place.stateDir ?? stateDir(place.course), 'hints', `${id}.json`);

interface Seen {
  shown: number;
  /** The order the hints were shown in: another failure orders them anew, and starts again. */
  order?: string[];
}

/**
 * `npm run hint ex03`: hints are graded from a nudge to nearly the answer, so each call reveals
 * one more (the ones already seen are repeated); `--all` shows every hint at once. Once all are
 * shown it says so, rather than repeating them as if one were new.
 *
 * After a failing check the hints come in the order that fits what failed (result/hint-order.ts):
 * the failing tests' and promises' hints first, the exercise-wide ones after; and the first call
 * goes one past the `Stuck?` hint the check already printed, instead of repeating it.
 */
export function hint(options: { exercise: string; all?: boolean } & Place, io: Io): number {
  const { exercise } = loadExercise(options.course ?? graderRoot, options.exercise);
  const kept = lastResult(exercise.id, options);
  const failing = kept && kept.status !== 'pass' ? kept : undefined;
  const order = failing ? orderHints(exercise, failing) : exercise.hints;
  const total = order.length;
  const file = seenFile(exercise.id, options);
  const saved = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Seen)
    : { shown: 0 };
  const sameOrder = JSON.stringify(saved.order ?? exercise.hints) === JSON.stringify(order);
  const printed = failing ? stuckHint(failing) : undefined;
  const alreadyRead = sameOrder ? saved.shown : printed ? order.indexOf(printed) + 1 : 0;
  const shown = options.all ? total : Math.min(alreadyRead + 1, total);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ shown, order } satisfies Seen));
  io.out(`${exercise.id}  ${exercise.title}\n`);
  if (total === 0) {
    io.out(
      `  This exercise has no hints. Its README.md and the failing tests' messages are the guide.\n`,
    );
    return EXIT.ok;
  }
  if (failing && order[0] !== exercise.hints[0])
    io.out(`  (in the order that fits what failed in your last check)\n`);
  order
    .slice(0, shown)
    .forEach((text, index) => io.out(`  hint ${index + 1} of ${total}: ${text}\n`));
  if (shown < total) io.out(`  (run it again for the next hint)\n`);
  else if (sameOrder && saved.shown >= total && !options.all)
    io.out(`  No more hints: you have seen all ${total}. Read the README.md again, or ask.\n`);
  else io.out(`  That was the last hint.\n`);
  return EXIT.ok;
}
