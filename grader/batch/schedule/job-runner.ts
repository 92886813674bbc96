import * as fs from 'fs';
import * as path from 'path';
import type { Exercise } from '../../course/types';
import type { JobRecord } from '../../result/gradebook';
import { runExercise } from '../../run/run-exercise';
import type { SandboxStatus } from '../../run/sandbox';
import { writeJob } from '../output/store';

// A runner process, started by runners.ts, grades jobs one after another. Each job still has its
// own workspace and its own test process tree; the runner only type-checks and orchestrates. Being
// a process of its own, it type-checks in parallel with the other runners, and it keeps the
// parsed standard library between jobs. If the grader is killed with SIGKILL, the runner finishes
// its job under its own watchdog (no test process is left running), records it, and exits.

export interface JobOrder {
  /** As the grader read it before the batch: no job can change it for another by editing files. */
  exercise: Exercise;
  /** The subject root holding `<folder>/<file>`: the runner removes it when done. */
  workspace: string;
  /** Where the record goes. */
  file: string;
  sandbox: SandboxStatus;
  /** How long a run may look stuck before the batch is told (LIMITS.stallMs; tests shorten it). */
  stallMs: number;
  /**
   * How many of the job's test files run at once, each in its own process. More than one only when
   * the batch has fewer jobs than it may run at once (one student regraded): its spare cores would
   * otherwise stand idle while the job's files run one after another. The job then also starts
   * its tests while the type-check runs, as a student's check does; the verdicts are the same.
   */
  lanes: number;
  record: Omit<JobRecord, 'result' | 'graded_at'>;
}

export type RunnerMessage = { type: 'order'; order: JobOrder } | { type: 'abort' };
export type RunnerReply =
  /** The job looks stuck (loading, or waiting in a test): the next job may start beside it. */
  | { type: 'stalled' }
  | { type: 'done'; record: Pick<JobRecord['result'], 'status' | 'score' | 'max_score'> }
  | { type: 'failed'; reason: string };

let current: AbortController | undefined;
let stopping = false;
/** Stops the job in hand (its test tree is killed, nothing is written) and then the runner. */
const stop = () => {
  stopping = true;
  current?.abort();
  if (!current) disconnect();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

let queue = Promise.resolve();
process.on('message', (message: RunnerMessage) => {
  if (message.type === 'abort') stop();
  else queue = queue.then(() => runOrder(message.order));
});

/** Without the IPC channel nothing keeps the runner alive: it exits once its job is done. */
function disconnect(): void {
  if (process.connected) process.disconnect();
}

function reply(message: RunnerReply): void {
  if (process.connected) process.send?.(message);
}

async function runOrder(order: JobOrder): Promise<void> {
  current = new AbortController();
  try {
    if (stopping) return;
    const result = await runExercise(
      order.exercise,
      { label: order.record.student, root: order.workspace },
      {
        signal: current.signal,
        sandbox: order.sandbox,
        parallelFiles: order.lanes,
        overlap: order.lanes > 1,
        stall: { afterMs: order.stallMs, notify: () => reply({ type: 'stalled' }) },
      },
    );
    // An interrupted job is not a verdict: nothing is written and the next run grades it again.
    if (current.signal.aborted) return;
    writeJob(order.file, { ...order.record, graded_at: new Date().toISOString(), result });
    reply({
      type: 'done',
      record: { status: result.status, score: result.score, max_score: result.max_score },
    });
  } catch (error) {
    reply({ type: 'failed', reason: (error as Error).stack ?? String(error) });
  } finally {
    current = undefined;
    fs.rmSync(path.resolve(order.workspace), { recursive: true, force: true });
    if (stopping) disconnect();
  }
}
