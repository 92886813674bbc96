import * as fs from 'fs';
import * as path from 'path';
import { readCourse } from '../course/load';
import { runExercise } from '../run/run-exercise';
import { JobRecord, writeJob } from './store';

// One job in its own Node process, started by run-job.ts. Its own process means the type-check and
// prettier run in parallel with other jobs, a job's memory is returned when it exits, and if the
// grader itself is killed with SIGKILL the job still finishes under its own watchdog (no test
// process is left running) and records its result for the next run.

export interface JobOrder {
  courseRoot: string;
  /** The exercise's folder name. */
  folder: string;
  /** The subject root holding `<folder>/<file>`: the runner removes it when done. */
  workspace: string;
  /** Where the record goes. */
  file: string;
  record: Omit<JobRecord, 'result' | 'graded_at'>;
}

export type RunnerMessage = { type: 'order'; order: JobOrder } | { type: 'abort' };
export type RunnerReply = {
  type: 'done';
  record: Pick<JobRecord['result'], 'status' | 'score' | 'max_score'>;
};

const controller = new AbortController();
const stop = () => controller.abort();
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

process.on('message', (message: RunnerMessage) => {
  if (message.type === 'abort') stop();
  else
    runOrder(message.order).then(
      () => disconnect(),
      (error: Error) => {
        process.stderr.write(`${error.stack ?? error.message}\n`);
        process.exitCode = 1;
        disconnect();
      },
    );
});

/** Lets the runner exit once its work is done (an open IPC channel would keep it alive). */
function disconnect(): void {
  if (process.connected) process.disconnect();
}

async function runOrder(order: JobOrder): Promise<void> {
  try {
    const exercise = readCourse(order.courseRoot).course.exercises.find(
      (candidate) => candidate.folder === order.folder,
    );
    if (!exercise) throw new Error(`no exercise ${order.folder} in ${order.courseRoot}`);
    const result = await runExercise(
      exercise,
      { label: order.record.student, root: order.workspace },
      { signal: controller.signal },
    );
    // An interrupted job is not a verdict: nothing is written and the next run grades it again.
    if (controller.signal.aborted) return;
    const record: JobRecord = { ...order.record, graded_at: new Date().toISOString(), result };
    writeJob(order.file, record);
    const reply: RunnerReply = {
      type: 'done',
      record: { status: result.status, score: result.score, max_score: result.max_score },
    };
    if (process.connected) process.send?.(reply);
  } finally {
    fs.rmSync(path.resolve(order.workspace), { recursive: true, force: true });
  }
}
