import * as fs from 'fs';
import * as path from 'path';
import { exercisesDir } from '../course/layout';
import { graderRoot } from '../paths';
import { check, CheckOptions, chooseExercise } from './check';
import { EXIT, Io } from '../io';

/**
 * `npm run check -- --watch ex04`: check again whenever a student file is saved. Uses fs.watch on
 * the exercise folder (works on macOS, Windows and Linux) and debounces editors' bursts of writes.
 * Without an exercise it watches the first one not done yet; `--repeat N` repeats every check.
 */
export async function watch(options: CheckOptions, io: Io): Promise<number> {
  const exercise = chooseExercise(options, io);
  if (!exercise) return EXIT.ok;
  // Chosen once: the watch stays on this exercise even when it becomes done.
  options = { ...options, exercise: exercise.id };
  const root = options.course ?? graderRoot;
  const dir = path.join(path.resolve(options.subject ?? exercisesDir(root)), exercise.folder);
  let running = false;
  let again = false;
  const runOnce = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    if (io.color) io.out('\u001bc');
    await check(options, io).catch((error: Error) => io.err(`${error.message}\n`));
    io.out(`\nWatching ${exercise.files.join(', ')} for changes (Ctrl-C to stop)...\n`);
    running = false;
    if (again) {
      again = false;
      await runOnce();
    }
  };
  let timer: NodeJS.Timeout | undefined;
  fs.watch(dir, (_event, name) => {
    if (!name || !exercise.files.includes(path.basename(name.toString()))) return;
    clearTimeout(timer);
    timer = setTimeout(runOnce, 200);
  });
  await runOnce();
  return new Promise<number>(() => undefined);
}
