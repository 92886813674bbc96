import * as fs from 'fs';
import * as path from 'path';
import { findExercise } from '../course/find';
import { exercisesDir } from '../course/layout';
import { loadCourse } from '../course/load';
import type { Course, Exercise } from '../course/types';
import { graderRoot, displayPath } from '../paths';
import { redactHidden } from '../result/redact';
import { ExerciseResult, ResultDocument, summarize } from '../result/types';
import { overlayHidden } from '../release/hidden';
import { notStarted, notStartedText } from '../release/starters';
import { escapeData, renderAnnotations } from '../report/github';
import type { StudentSource } from '../report/subject-place';
import { renderJunit } from '../report/junit';
import { renderMarkdown } from '../report/markdown';
import { renderTerminal } from '../report/terminal';
import { runExercise } from '../run/run-exercise';
import { writeFileAtomic, writeValidJson } from '../schemas';
import { EXIT, Io } from '../io';
import { chooseSandbox } from './sandbox-choice';
import type { SandboxMode } from '../run/sandbox';

export interface CiOptions {
  /** Exercises to check (ids, numbers or slugs); every exercise when empty. */
  exercises?: string[];
  /** Write JUnit XML here. */
  junit?: string;
  /** Also write the (redacted) result document here. */
  json?: string;
  /** Exit non-zero when a test fails (default). `--no-fail` sets this to false: feedback only. */
  fail?: boolean;
  /** Hidden tests to run too: a folder, .tar.gz or .zip (default: $GRADER_HIDDEN_TESTS). */
  hidden?: string;
  /** The course repository (default: this one). */
  root?: string;
  /** With hidden tests, jobs run in bubblewrap: auto (if available), required, or off. */
  sandbox?: SandboxMode;
}

/**
 * `grader ci`: check the exercises of the repository it runs in, for any CI. Prints the terminal
 * report and GitHub workflow commands (annotations on the student's lines), appends a Markdown
 * summary to $GITHUB_STEP_SUMMARY when set, writes JUnit XML on request. Hidden tests, when
 * supplied, are put in place for the run only, and reported as their visibility allows: counted,
 * never named.
 */
export async function ci(
  options: CiOptions,
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const root = options.root ?? graderRoot;
  const hiddenSource = options.hidden || env.GRADER_HIDDEN_TESTS || undefined;
  // Hidden tests are the one thing in a student's CI worth stealing: run those in the sandbox.
  const sandbox = hiddenSource ? chooseSandbox(options.sandbox ?? 'auto', io) : undefined;
  const overlay = hiddenSource ? overlayHidden(hiddenSource, root) : undefined;
  if (overlay)
    io.out(
      `Hidden tests from ${hiddenSource} for ${overlay.exercises.join(', ')} (${overlay.files} files, in place for this run only).\n`,
    );
  // Stopped (Ctrl-C, a CI cancel): kill the running tests, and still take the hidden tests away.
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let course: Course;
  let idle: Exercise[] = [];
  const results: ExerciseResult[] = [];
  try {
    course = loadCourse(root);
    const named = Boolean(options.exercises?.length);
    const chosen = named
      ? [...new Set(options.exercises!.map((query) => findExercise(course, query)))]
      : course.exercises;
    // In a student copy, an exercise still its starter is not begun: reported, never failed.
    // One named on the command line is checked all the same.
    idle = named ? [] : notStarted(course);
    for (const exercise of chosen.filter((each) => !idle.includes(each))) {
      if (controller.signal.aborted) break;
      io.out(`Checking ${exercise.id} (${exercise.title})...\n`);
      results.push(
        await runExercise(
          exercise,
          { label: 'exercises/', root: exercisesDir(course.root) },
          { signal: controller.signal, sandbox },
        ),
      );
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    overlay?.restore();
  }
  if (controller.signal.aborted) {
    io.err('\nStopped before every exercise was checked: no report written.\n');
    return EXIT.interrupted;
  }

  const document: ResultDocument = redactHidden(summarize('exercises/', results));
  // Paths as the repository shows them: relative to the workspace GitHub checked out.
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const pathPrefix = prefixFor(exercisesDir(course.root), workspace);
  const studentFiles = Object.fromEntries(
    course.exercises.map((exercise) => [exercise.id, exercise.files]),
  );

  io.out('\n' + renderTerminal(document, { pathPrefix, color: io.color }));
  io.out(
    renderAnnotations(document, {
      pathPrefix,
      studentFiles,
      sources: studentSources(course),
      about: testSubjects(course),
      hiddenAbout: hiddenSubjects(course, results),
    }),
  );
  if (env.GITHUB_STEP_SUMMARY) {
    // The step summary is shared by the job's steps: append, as GitHub's own toolkit does.
    fs.appendFileSync(env.GITHUB_STEP_SUMMARY, renderMarkdown(document, { pathPrefix }) + '\n');
  }
  if (options.junit) {
    writeFileAtomic(path.resolve(options.junit), renderJunit(document, { pathPrefix }));
    io.out(`JUnit report: ${displayPath(path.resolve(options.junit), process.cwd())}\n`);
  }
  if (options.json) writeValidJson('result', path.resolve(options.json), document);
  if (idle.length > 0) {
    const text = notStartedText(idle);
    io.out(`\n${text}\n::notice title=Not started::${escapeData(text)}\n`);
    if (env.GITHUB_STEP_SUMMARY) fs.appendFileSync(env.GITHUB_STEP_SUMMARY, `${text}\n\n`);
    if (results.length === 0) {
      io.out("\nNothing to grade yet: change an exercise's file to start it.\n");
      return EXIT.ok;
    }
  }

  const failed = document.status !== 'pass';
  io.out(
    `\n${failed ? 'Not every test passes' : 'Every test passes'}: ${points(document.score)}/${points(document.max_score)} points.${failed && options.fail === false ? ' (--no-fail: exiting 0, feedback only.)' : ''}\n`,
  );
  return failed && options.fail !== false ? EXIT.failed : EXIT.ok;
}

function prefixFor(dir: string, base: string): string {
  const shown = displayPath(dir, base);
  return shown === '' ? '' : `${shown}/`;
}

const points = (value: number) => String(Math.round(value * 100) / 100);

/** Each exercise's student files with their text, for the annotations' lines (those present). */
function studentSources(course: Course): Record<string, StudentSource[]> {
  return Object.fromEntries(
    course.exercises.map((exercise) => [
      exercise.id,
      exercise.files.flatMap((file) => {
        const full = path.join(exercise.dir, file);
        return fs.existsSync(full)
          ? [{ file: `${exercise.folder}/${file}`, text: fs.readFileSync(full, 'utf8') }]
          : [];
      }),
    ]),
  );
}

/**
 * Per exercise, the promises its failing hidden tests check, as text, those no passing test shows
 * held first: what a hidden-only failure is about, read before the names are redacted. Only the
 * annotation's line comes from them; the promises are the exercise's public manifest.
 */
function hiddenSubjects(course: Course, results: ExerciseResult[]): Record<string, string[]> {
  return Object.fromEntries(
    results.map((result) => {
      const exercise = course.exercises.find((each) => each.id === result.id);
      const checks = (names: Set<string>) =>
        (exercise?.tests ?? [])
          .filter((test) => names.has(test.name))
          .flatMap((test) => test.checks ?? []);
      const failedHidden = new Set(
        result.tests
          .filter((test) => test.visibility === 'hidden' && test.status !== 'pass')
          .filter((test) => test.status !== 'skipped')
          .map((test) => test.name),
      );
      const passed = new Set(
        result.tests.filter((test) => test.status === 'pass').map((test) => test.name),
      );
      const held = new Set(checks(passed));
      const doubted = checks(failedHidden);
      const ordered = [
        ...doubted.filter((id) => !held.has(id)),
        ...doubted.filter((id) => held.has(id)),
      ];
      const texts = [...new Set(ordered)].flatMap(
        (id) => exercise?.promises?.find((promise) => promise.id === id)?.text ?? [],
      );
      return [result.id, texts];
    }),
  );
}

/** Per exercise, each test's promises as text (the manifest links them): what it is about. */
function testSubjects(course: Course): Record<string, Record<string, string[]>> {
  return Object.fromEntries(
    course.exercises.map((exercise) => [
      exercise.id,
      Object.fromEntries(
        exercise.tests.map((test) => [
          test.name,
          (test.checks ?? []).flatMap(
            (id) => exercise.promises?.find((promise) => promise.id === id)?.text ?? [],
          ),
        ]),
      ),
    ]),
  );
}
