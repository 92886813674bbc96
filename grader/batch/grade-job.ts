import * as fs from 'fs';
import * as path from 'path';
import type { Exercise } from '../course/types';
import { runExercise } from '../run/run-exercise';
import { createWorkspace, Workspace } from '../run/workspace';
import { jobDigest } from './digest';
import { Intake, notSubmittedReason } from './intake';
import type { Runners } from './runners';
import type { Submission } from './submissions';
import { jobFile, JobRecord, writeJob } from './store';

export interface Job {
  submission: Submission;
  exercise: Exercise;
}

export interface JobContext {
  courseRoot: string;
  out: string;
  runners: Runners;
}

type GradeEnd =
  | {
      kind: 'done';
      reply: {
        status: JobRecord['result']['status'] | 'not_submitted';
        score: number;
        max_score: number;
      };
    }
  | { kind: 'aborted' }
  | { kind: 'failed'; reason: string };

/**
 * One job: a not-submitted verdict straight away, or the student's files in a fresh workspace graded
 * by a runner process, which writes the record.
 */
export async function gradeJob(
  job: Job,
  intake: Intake,
  digest: string,
  options: JobContext,
): Promise<GradeEnd> {
  const student = job.submission.id;
  const file = jobFile(options.out, student, job.exercise.id);
  const base = {
    version: 1 as const,
    student,
    exercise: job.exercise.id,
    input_digest: jobDigest(digest, intake),
    intake: { submitted: intake.submitted, files: intake.files },
  };
  const workspace = createWorkspace('grader-job-');
  try {
    if (!intake.submitted) {
      const result = await notSubmitted(job.exercise, workspace, notSubmittedReason(intake));
      writeJob(file, { ...base, graded_at: new Date().toISOString(), result });
      return {
        kind: 'done',
        reply: { status: 'not_submitted', score: 0, max_score: result.max_score },
      };
    }
    const dir = path.join(workspace.root, job.exercise.folder);
    for (const [name, content] of intake.contents) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    return await options.runners.run(
      {
        courseRoot: options.courseRoot,
        folder: job.exercise.folder,
        workspace: workspace.root,
        file,
        record: base,
      },
      jobLimitMs(job.exercise),
    );
  } finally {
    workspace.dispose();
  }
}

/** The runner's own verdict for absent files (no process starts), with the intake's reasons. */
async function notSubmitted(exercise: Exercise, workspace: Workspace, reason: string) {
  const result = await runExercise(exercise, { label: 'not submitted', root: workspace.root });
  return {
    ...result,
    message: reason,
    tests: result.tests.map((test) => ({ ...test, message: reason })),
  };
}

/** A backstop far above what the runner's own limits allow: only a stuck grader reaches it. */
function jobLimitMs(exercise: Exercise): number {
  return 120_000 + exercise.tests.reduce((sum, test) => sum + test.timeoutMs + 15_000, 0);
}
