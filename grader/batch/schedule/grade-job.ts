import * as fs from 'fs';
import * as path from 'path';
import type { Exercise } from '../../course/types';
import type { JobRecord } from '../../result/gradebook';
import { jobBackstopMs } from '../../run/limits';
import { crashedResult, runExercise } from '../../run/run-exercise';
import type { SandboxStatus } from '../../run/sandbox';
import { createWorkspace, Workspace } from '../../run/workspace';
import { jobDigest } from './digest';
import { Intake, notSubmittedReason } from '../intake/intake';
import type { Runners } from './runners';
import { isUnchangedStarter } from '../intake/starter';
import type { Submission } from '../intake/submissions';
import { jobFile, writeJob } from '../output/store';

export interface Job {
  submission: Submission;
  exercise: Exercise;
}

interface JobContext {
  graderRoot: string;
  out: string;
  runners: Runners;
  sandbox: SandboxStatus;
  stallMs: number;
  /** How many of the job's test files may run at once (see JobOrder). */
  lanes: number;
  /** The job looks stuck: the batch may start its next job beside it (see grader/pool.ts). */
  onStall?: () => void;
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
    intake: {
      submitted: intake.submitted,
      ...(isUnchangedStarter(job.exercise, intake) ? { unchanged: true } : {}),
      files: intake.files,
    },
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
    restoreWorkspace(workspace, job, intake);
    const order = {
      exercise: job.exercise,
      workspace: workspace.root,
      file,
      record: base,
      sandbox: options.sandbox,
      stallMs: options.stallMs,
      lanes: options.lanes,
    };
    // A runner that dies mid-job (its job's code found and killed it, or it ran out of its limit)
    // is replaced and the job tried once more; twice is the job's own verdict, not the grader's.
    const first = await options.runners.run(
      order,
      jobBackstopMs(job.exercise.tests),
      options.onStall,
    );
    if (first.kind !== 'crashed') return first;
    restoreWorkspace(workspace, job, intake);
    const again = await options.runners.run(
      order,
      jobBackstopMs(job.exercise.tests),
      options.onStall,
    );
    if (again.kind !== 'crashed') return again;
    const result = crashedResult(job.exercise, `${first.reason.split('\n')[0]}, twice`);
    writeJob(file, { ...base, graded_at: new Date().toISOString(), result });
    return {
      kind: 'done',
      reply: { status: result.status, score: result.score, max_score: result.max_score },
    };
  } finally {
    workspace.dispose();
  }
}

/** The student's files, as submitted, in the job's workspace (again, for a retry). */
function restoreWorkspace(workspace: Workspace, job: Job, intake: Intake): void {
  const dir = path.join(workspace.root, job.exercise.folder);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [name, content] of intake.contents) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
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
