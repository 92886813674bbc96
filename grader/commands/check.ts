import * as path from 'path';
import { exerciseOf } from '../course/find';
import { exercisesDir } from '../course/layout';
import { readCourse } from '../course/load';
import type { Course, Exercise } from '../course/types';
import { graderRoot, displayPath } from '../paths';
import { mergeRuns } from '../result/merge-runs';
import { nextExercise } from '../result/progress';
import { redactHidden } from '../result/redact';
import { ExerciseResult, ResultDocument, summarize } from '../result/types';
import { renderNextStep } from '../report/next-step';
import { renderTerminal } from '../report/terminal';
import { runExercise } from '../run/run-exercise';
import { sharedTypecheckWanted } from '../run/shared-typecheck';
import type { WarmAttempts } from '../run/warm-attempts';
import { writeValidJson } from '../schemas';
import { EXIT, Io } from '../io';
import { UsageError } from '../user-error';
import { chooseSandbox } from './sandbox-choice';
import { lastResult, Place, placeOf, recordRuns, sourceHash } from './progress-store';

export interface CheckOptions extends Place {
  /** The exercise to check; absent: the first one not done yet. */
  exercise?: string;
  /** Folder holding the exercise folders (default: this course's exercises/). */
  subject?: string;
  json?: string;
  reveal?: boolean;
  /** Run the type-check and tests in the job sandbox, as grading does (bubblewrap required). */
  sandbox?: boolean;
  /** Run the tests this many times and report every test that failed in any run (default 1). */
  repeat?: number;
}

export const MAX_REPEAT = 100;

/**
 * `npm run check ex04`: grade one exercise of the student's own copy and explain the result.
 * Without an exercise, the first one not done yet, as Rustlings moves on to the next.
 */
export async function check(
  options: CheckOptions,
  io: Io,
  /** Test processes started ahead by a watch. */
  warm?: WarmAttempts,
): Promise<number> {
  const repeat = repeatCount(options.repeat);
  const root = path.resolve(options.subject ?? exercisesDir(options.course ?? graderRoot));
  const place = placeOf(options, root);
  const chosen = chooseExercise({ ...options, ...place }, io);
  if (!chosen) return EXIT.ok;
  const { course, exercise } = chosen;
  const label = options.subject ? displayPath(root) : 'exercises/';
  const sandbox = options.sandbox ? chooseSandbox('required', io) : undefined;
  // Hashed before running, so an edit saved during the runs counts as new code next time.
  const source = sourceHash(exercise, root);
  io.out(`Checking ${exercise.id} (${exercise.title})${repeat > 1 ? `, ${repeat} runs` : ''}...\n`);
  const runs: ExerciseResult[] = [];
  for (let run = 1; run <= repeat; run++) {
    const result = await runExercise(
      exercise,
      { label, root },
      // A watch keeps its own checker warm; a one-off check shares one with the next check.
      { sandbox, overlap: true, warm, sharedTypecheck: !warm && sharedTypecheckWanted() },
    );
    runs.push(result);
    if (repeat > 1) io.out(`  run ${run} of ${repeat}: ${runLine(result)}\n`);
    // Code that does not compile (or is missing) fails every run the same way.
    if (result.status === 'error') break;
  }
  const document = summarize(label, [{ ...mergeRuns(runs), source_sha256: source }]);
  const shareable = options.reveal ? document : redactHidden(document);
  const history = recordRuns(exercise.id, label, shareable.exercises[0], place);
  if (options.json) writeValidJson('result', path.resolve(options.json), shareable);
  io.out(
    renderTerminal(document, {
      reveal: options.reveal,
      color: io.color,
      pathPrefix: pathPrefixFor(root),
    }),
  );
  const next = nextExercise(course.exercises, (id) => lastResult(id, place));
  io.out(renderNextStep(shareable.exercises[0], history, next));
  return exitCodeFor(document);
}

export function exitCodeFor(document: ResultDocument): number {
  return document.status === 'pass' ? EXIT.ok : EXIT.failed;
}

function repeatCount(repeat: number | undefined): number {
  if (repeat === undefined) return 1;
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > MAX_REPEAT)
    throw new UsageError(
      `--repeat takes a whole number of runs from 1 to ${MAX_REPEAT}, e.g. --repeat 5 (got ${repeat})`,
    );
  return repeat;
}

/**
 * The exercise asked for, or else the first not done yet (said so); undefined when all are. The
 * course is read once here and handed back with it.
 */
export function chooseExercise(
  options: CheckOptions,
  io: Io,
): { course: Course; exercise: Exercise } | undefined {
  const read = readCourse(options.course ?? graderRoot);
  if (options.exercise !== undefined) return exerciseOf(read, options.exercise);
  const { course } = read;
  const next = nextExercise(course.exercises, (id) => lastResult(id, options));
  if (!next) {
    io.out(
      `Every exercise is done: each one passed its last check. \`npm run status\` lists them; \`npm run check <id>\` checks one again.\n`,
    );
    return undefined;
  }
  // Its manifest may be broken, which only this exercise's check should report.
  const chosen = exerciseOf(read, next.id);
  io.out(`No exercise named: ${chosen.exercise.id} is the first one not done yet.\n`);
  return chosen;
}

function runLine(result: ExerciseResult): string {
  if (result.status === 'error') return result.message ?? 'nothing could run';
  const failed = result.tests.filter((test) => test.status !== 'pass');
  return failed.length === 0
    ? `all ${result.tests.length} tests passed`
    : `${failed.length} of ${result.tests.length} tests did not pass`;
}

function pathPrefixFor(root: string): string {
  const shown = displayPath(root, process.cwd());
  return shown === '' ? '' : `${shown}/`;
}
