import * as fs from 'fs';
import { findExercise } from '../course/find';
import { solutionsDir } from '../course/layout';
import { loadCourse } from '../course/load';
import { displayPath, graderRoot } from '../paths';
import { caughtByHidden, renderVerifyMatrix } from '../report/verify-matrix';
import { refreshMistakeBook } from '../verify/mistake-signatures';
import { courseDigest, verifyPlan, writeProof } from '../verify/proof-record';
import { VariantReport, verifyExercise } from '../verify/verify';
import { caseTableProblems } from '../verify/case-tables';
import { formatProblem } from '../schemas';
import { EXIT, Io } from '../io';
import { UsageError } from '../user-error';

export interface VerifyOptions {
  exercises?: string[];
  runs: number;
  /** Starters and known-wrong solutions run this many at a time (default 1). */
  jobs?: number;
  /** The course to verify (default: this repository). */
  root?: string;
  /** Stops verify (release's Ctrl-C): the running tests are killed, their folders removed. */
  signal?: AbortSignal;
}

/**
 * `grader verify`: prove every exercise's tests separate right from wrong code, every run. Prints
 * a row as each variant finishes, then the matrix (exercise x variant: each run, the kill rate of
 * each known-wrong solution, the slowest test). Fails on any flake or surviving wrong solution.
 */
export async function verify(options: VerifyOptions, io: Io): Promise<number> {
  const { course, chosen } = courseToVerify(options);
  const reports: VariantReport[] = [];
  // An exercise that cannot be verified at all (e.g. a known-wrong declaration naming a test that
  // does not exist) fails verify, and the other exercises are still verified.
  const broken: string[] = [];
  const started = Date.now();
  const plan = verifyPlan({ ...course, exercises: chosen }, options.runs);
  let done = 0;
  const progress = (report: VariantReport) => {
    done += report.runs.length;
    const elapsed = (Date.now() - started) / 1000;
    const left = done >= plan.runs ? 0 : (elapsed / done) * (plan.runs - done);
    return `  [${done}/${plan.runs} runs${left > 0 ? `, about ${duration(left)} left` : ''}]`;
  };
  for (const exercise of chosen) {
    if (options.signal?.aborted) break;
    io.out(`${exercise.id} ${exercise.title}\n`);
    // A stale case table would grade against an outcome the reference no longer gives.
    for (const problem of await caseTableProblems(course, exercise)) {
      broken.push(`${exercise.id}: ${formatProblem(problem)}`);
      io.out(`  BAD ${formatProblem(problem)}\n`);
    }
    try {
      const exerciseReports = await verifyExercise(course, exercise, {
        runs: options.runs,
        jobs: options.jobs,
        signal: options.signal,
        onReport: (report) => io.out(`${formatRow(report).trimEnd()}${progress(report)}\n`),
      });
      reports.push(...exerciseReports);
      // What each known mistake looked like in these runs, for recognising it in submissions.
      if (!options.signal?.aborted) {
        const book = refreshMistakeBook(course, exercise, exerciseReports);
        io.out(`  known mistakes' failures kept in ${displayPath(book, course.root)}\n`);
      }
    } catch (error) {
      const message = `${exercise.id} could not be verified: ${(error as Error).message}`;
      broken.push(message);
      io.out(`  BAD ${message.split('\n').join('\n      ')}\n`);
    }
  }
  if (options.signal?.aborted) {
    io.err('\nverify stopped: the running tests were killed; nothing was proved.\n');
    return EXIT.interrupted;
  }
  const bad = reports.filter((report) => !report.ok);
  io.out(`\n${renderVerifyMatrix(reports)}`);
  io.out(
    `\n${reports.length - bad.length} of ${reports.length} variants behave as expected (${options.runs} run${options.runs === 1 ? '' : 's'} each, ${Math.round((Date.now() - started) / 1000)} s).\n`,
  );
  for (const report of bad) io.out(`  ${report.exercise} ${report.name}: ${report.problem}\n`);
  for (const message of broken) io.out(`  ${message}\n`);
  const ok = bad.length === 0 && broken.length === 0;
  // Kept for release: the same tree need not be proved again (verify/proof-record.ts).
  if (ok && !options.exercises?.length)
    writeProof({
      version: 1,
      course_digest: courseDigest(course),
      runs: options.runs,
      variants: reports.length,
      variant_runs: done,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      verified_at: new Date().toISOString(),
    });
  return ok ? EXIT.ok : EXIT.failed;
}

/** The course and the exercises a verify run names, after checking what it was asked. */
export function courseToVerify(
  options: Pick<VerifyOptions, 'exercises' | 'runs' | 'root' | 'jobs'>,
) {
  if (!Number.isInteger(options.runs) || options.runs < 1)
    throw new UsageError(`--runs must be a whole number of at least 1, got ${options.runs}`);
  if (options.jobs !== undefined && (!Number.isInteger(options.jobs) || options.jobs < 1))
    throw new UsageError(`--jobs must be a whole number of at least 1, got ${options.jobs}`);
  const course = loadCourse(options.root ?? graderRoot);
  if (!fs.existsSync(solutionsDir(course.root)))
    throw new UsageError(
      'verify needs the solutions/ folder, and this copy has none (a student release?).',
    );
  const chosen = options.exercises?.length
    ? options.exercises.map((query) => findExercise(course, query))
    : course.exercises;
  return { course, chosen };
}

function formatRow(report: VariantReport): string {
  const runs = report.runs
    .map((run) => (run.status === 'pass' ? 'pass' : run.status === 'error' ? 'err ' : 'fail'))
    .join(' ');
  const killed =
    report.kind === 'wrong'
      ? ` caught ${report.runs.filter(caughtByHidden).length}/${report.runs.length}`
      : '';
  return `  ${report.ok ? 'ok ' : 'BAD'} ${report.kind.padEnd(12)} ${report.name.padEnd(28)} ${runs}${killed}\n`;
}

/** "40 s", "12 min": an estimate, not a promise. */
export const duration = (seconds: number) =>
  seconds < 90 ? `${Math.max(1, Math.round(seconds))} s` : `${Math.round(seconds / 60)} min`;
