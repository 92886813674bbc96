import * as os from 'os';
import * as path from 'path';
import { exerciseOf } from '../course/find';
import { exercisesDir } from '../course/layout';
import { readCourse } from '../course/load';
import type { Course, Exercise } from '../course/types';
import { graderRoot, displayPath } from '../paths';
import { mergeRuns } from '../result/merge-runs';
import { nextExercise } from '../result/progress';
import { redactHidden } from '../result/redact';
import { ResultDocument, summarize, TestResult } from '../result/types';
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
  /**
   * Runs each test must pass instead of its manifest's (default: the manifest's; see
   * result/runs-policy.ts). A test that fails is not run again.
   */
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
  const most = Math.max(...exercise.tests.map((test) => repeat ?? test.runs));
  io.out(
    `Checking ${exercise.id} (${exercise.title})${most > 1 ? `, up to ${most} runs` : ''}...\n`,
  );
  // A watch keeps its own checker warm; a one-off check shares one with the next check.
  const result = await runExercise(
    exercise,
    { label, root },
    {
      sandbox,
      overlap: true,
      parallelFiles: os.availableParallelism(),
      warm,
      sharedTypecheck: !warm && sharedTypecheckWanted(),
      repeat: {
        runs: repeat,
        onRun: (run, of, tests) => {
          if (of > 1) io.out(`  run ${run} of up to ${of}: ${runLine(tests)}\n`);
        },
      },
    },
  );
  // Merged with itself alone: every test then says how many runs it had, as merged checks do.
  const document = summarize(label, [{ ...mergeRuns([result]), source_sha256: source }]);
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

function repeatCount(repeat: number | undefined): number | undefined {
  if (repeat === undefined) return undefined;
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

/** One run's outcome, over the tests it ran (those still passing). */
function runLine(tests: TestResult[]): string {
  const failed = tests.filter((test) => test.status !== 'pass');
  return failed.length === 0
    ? `all ${tests.length} tests run passed`
    : `${failed.length} of ${tests.length} tests run did not pass`;
}

function pathPrefixFor(root: string): string {
  const shown = displayPath(root, process.cwd());
  return shown === '' ? '' : `${shown}/`;
}
