import * as fs from 'fs';
import * as path from 'path';
import type { Gradebook, RunIntake, RunRecord } from '../result/gradebook';
import { UsageError } from '../user-error';
import type { Exercise } from '../course/types';
import { surveyClass } from './intake/class-files';
import { ClassOptions, readClass } from './intake/class-intake';
import { exerciseDigest, jobDigest, rosterDigest } from './schedule/digest';
import { finalize } from './output/finalize';
import { Intake, openSubmission, takeStudentFiles, uniqueFileNames } from './intake/intake';
import { filesAtOnce, selectExercises, Shard, shardStudents } from './schedule/plan';
import { runPool } from '../pool';
import type { Progress } from './schedule/progress';
import { gradeJob, Job } from './schedule/grade-job';
import { Runners } from './schedule/runners';
import type { SandboxStatus } from '../run/sandbox';
import { LIMITS } from '../run/limits';
import type { Limits, SubmissionFiles } from './intake/source';
import { runIntake } from './intake/run-intake';
import { isUnchangedStarter } from './intake/starter';
import type { Submission } from './intake/submissions';
import { jobFile, readJob, writeRun } from './output/store';

// Grading a class, in three stages, each a folder: intake/ reads the submissions as their LMS laid
// them out and accounts for every file; schedule/ plans the jobs and runs them in runner
// processes, a pool of lanes; output/ keeps each job's record and writes the gradebook, the LMS
// import files and the report. This file strings them together.

interface BatchOptions extends ClassOptions {
  graderRoot: string;
  /** Where each job's tests and type-check run (run/sandbox.ts). */
  sandbox: SandboxStatus;
  submissions: string;
  out: string;
  /** Exercise ids, numbers or slugs; all when empty. */
  exercises?: string[];
  jobs: number;
  /** Jobs that may start beside jobs that look stuck (see grader/pool.ts); default none. */
  spareJobs?: number;
  /** How long a job may look stuck before the next one starts beside it (LIMITS.stallMs). */
  stallMs?: number;
  force: boolean;
  shard: Shard;
  formats: RunRecord['formats'];
  limits: Limits;
  signal?: AbortSignal;
  progress: Progress;
  /** Told how the class was read (layout, decisions, skipped) before any job runs. */
  announce?: (intake: RunIntake) => void;
}

interface BatchOutcome {
  /** complete: every job has a result and the gradebook is written. */
  state: 'complete' | 'interrupted' | 'incomplete';
  graded: number;
  kept: number;
  /** Jobs whose runner failed (a grader problem, not the student's): graded again next run. */
  failed: { student: string; exercise: string; reason: string }[];
  ignored: { name: string; reason: string }[];
  gradebook?: Gradebook;
}

/**
 * Grades every (student, exercise) job of a shard of the class, each in its own workspace and test
 * process tree, at most `jobs` at once in as many runner processes; writes each job's record as it finishes, then the
 * per-student documents and the gradebook. A rerun grades only jobs whose record is missing or
 * whose inputs changed.
 */
export async function gradeBatch(options: BatchOptions): Promise<BatchOutcome> {
  const named = options.exercises?.length ? options.exercises : undefined;
  const { course, exercises: chosen } = selectExercises(options.graderRoot, named);
  const listing = readClass(options.submissions, options.layout, options.roster);
  const { submissions: all, ignored } = listing;
  const outside = path.relative(options.submissions, options.out);
  if (outside === '' || (!outside.startsWith('..') && !path.isAbsolute(outside)))
    throw new UsageError(
      '--out must be outside the submissions folder (it would be graded as a student)',
    );
  const layoutNames = new Set([
    'exercises',
    ...course.exercises.map((exercise) => exercise.folder),
  ]);
  // The whole class, not the shard: every shard must grade the same exercises.
  const survey = surveyClass(
    all,
    (submission) => openSubmission(submission, options.limits, layoutNames),
    course,
    named && chosen,
  );
  const exercises = survey.graded;
  listing.decisions.push(...survey.decisions);
  ignored.push(...survey.skipped);
  const submissions = shardStudents(all, options.shard);
  const digests = new Map(exercises.map((exercise) => [exercise.id, exerciseDigest(exercise)]));
  const uniqueNames = uniqueFileNames(exercises);
  const intakeOf = (job: Job): Intake =>
    takeStudentFiles(
      openSubmission(job.submission, options.limits, layoutNames),
      job.exercise,
      uniqueNames,
    );

  const run: RunRecord = {
    version: 1,
    shard: options.shard,
    roster_digest: rosterDigest(all.map((submission) => submission.id)),
    students: submissions.map((submission) => submission.id),
    exercises: exercises.map((exercise) => ({
      id: exercise.id,
      title: exercise.title,
      max_score: exercise.points,
      digest: digests.get(exercise.id)!,
    })),
    formats: options.formats,
    intake: runIntake(listing, submissions),
    ...(options.exports ? { exports: options.exports } : {}),
  };
  options.announce?.(run.intake!);
  fs.mkdirSync(options.out, { recursive: true });
  writeRun(options.out, run);

  const { toGrade, kept } = options.force
    ? { toGrade: allJobs(submissions, exercises), kept: 0 }
    : pendingJobs(
        submissions,
        exercises,
        (submission, exercise, files) => {
          const existing = readJob(jobFile(options.out, submission.id, exercise.id));
          if (!existing) return false;
          const intake = takeStudentFiles(files(), exercise, uniqueNames);
          return existing.input_digest === jobDigest(digests.get(exercise.id)!, intake);
        },
        (submission) => openSubmission(submission, options.limits, layoutNames),
      );

  const failed: BatchOutcome['failed'] = [];
  let graded = 0;
  options.progress.start(toGrade.length, kept, ignored);
  const runners = new Runners(options.signal);
  const context = {
    graderRoot: options.graderRoot,
    out: options.out,
    runners,
    sandbox: options.sandbox,
    stallMs: options.stallMs ?? LIMITS.stallMs,
    lanes: filesAtOnce(options.jobs, toGrade.length),
  };
  await runPool(
    toGrade,
    options.jobs,
    async (job, handOver) => {
      const started = Date.now();
      const report = { student: job.submission.id, exercise: job.exercise.id };
      try {
        const intake = intakeOf(job);
        const end = await gradeJob(job, intake, digests.get(job.exercise.id)!, {
          ...context,
          onStall: handOver,
        });
        if (end.kind === 'aborted') return;
        if (end.kind === 'failed') {
          failed.push({ ...report, reason: end.reason });
          options.progress.job({
            ...report,
            ms: Date.now() - started,
            problem: end.reason.split('\n')[0],
          });
          return;
        }
        graded++;
        const unchanged = isUnchangedStarter(job.exercise, intake)
          ? { status: 'unchanged' as const }
          : {};
        options.progress.job({ ...report, ...end.reply, ...unchanged, ms: Date.now() - started });
      } catch (error) {
        // A grader bug in one job (e.g. an unreadable submission folder) must not stop the class.
        const reason = (error as Error).message;
        failed.push({ ...report, reason });
        options.progress.job({ ...report, ms: Date.now() - started, problem: reason });
      }
    },
    options.signal,
    options.spareJobs ?? 0,
  ).finally(() => runners.close());
  options.progress.stop();

  const outcome = { graded, kept, failed, ignored };
  if (options.signal?.aborted) return { ...outcome, state: 'interrupted' };
  if (failed.length > 0) return { ...outcome, state: 'incomplete' };
  return { ...outcome, state: 'complete', gradebook: finalize(options.out, run) };
}

const allJobs = (submissions: Submission[], exercises: Exercise[]): Job[] =>
  submissions.flatMap((submission) => exercises.map((exercise) => ({ submission, exercise })));

/**
 * The jobs without an up-to-date record, in class order; each submission is opened once, and only
 * if some record exists. A submission that cannot be read is graded, and fails there with a reason.
 */
function pendingJobs(
  submissions: Submission[],
  exercises: Exercise[],
  isCurrent: (submission: Submission, exercise: Exercise, files: () => SubmissionFiles) => boolean,
  open: (submission: Submission) => SubmissionFiles,
): { toGrade: Job[]; kept: number } {
  const toGrade: Job[] = [];
  let kept = 0;
  for (const submission of submissions) {
    let files: SubmissionFiles | undefined;
    const opened = () => (files ??= open(submission));
    for (const exercise of exercises) {
      try {
        if (isCurrent(submission, exercise, opened)) {
          kept++;
          continue;
        }
      } catch {
        // Unreadable now: graded below, where it fails with its reason.
      }
      toGrade.push({ submission, exercise });
    }
  }
  return { toGrade, kept };
}
