import * as fs from 'fs';
import * as path from 'path';
import { exercisesDir } from '../course/layout';
import { graderRoot } from '../paths';
import { check, CheckOptions, chooseExercise } from './check';
import { EXIT, Io } from '../io';
import { WATCH_DEBOUNCE_MS } from '../run/limits';
import { WarmAttempts } from '../run/warm-attempts';

/**
 * `npm run check -- --watch ex04`: check again whenever a student file is saved. Uses fs.watch on
 * the exercise folder (works on macOS, Windows and Linux) and debounces editors' bursts of writes.
 * Without an exercise it watches the first one not done yet; `--repeat N` repeats every check.
 */
export async function watch(options: CheckOptions, io: Io): Promise<number> {
  const exercise = chooseExercise(options, io)?.exercise;
  if (!exercise) return EXIT.ok;
  // Chosen once: the watch stays on this exercise even when it becomes done.
  options = { ...options, exercise: exercise.id };
  const root = options.course ?? graderRoot;
  const dir = path.join(path.resolve(options.subject ?? exercisesDir(root)), exercise.folder);
  // Between saves, each test file has a process that has started already (run/warm-attempts.ts).
  const warm = new WarmAttempts();
  process.once('exit', () => warm.close());
  // Ctrl-C ends a watch: without a handler node would exit at once, leaving its folder behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => process.exit(EXIT.interrupted));
  let running = false;
  let again = false;
  const runOnce = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    if (io.color) io.out('\u001bc');
    await check(options, io, warm).catch((error: Error) => io.err(`${error.message}\n`));
    warm.refill();
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
    timer = setTimeout(runOnce, WATCH_DEBOUNCE_MS);
  });
  await runOnce();
  return new Promise<number>(() => undefined);
}
