import { Worker } from 'worker_threads';

/**
 * A task running in its own worker thread, in the spirit of Python's threading.Thread: create it,
 * start() it, and join() it to wait for it to end. The worker script sends its result with
 * parentPort.postMessage(result); the last message it posts is the thread's result.
 */
export class Thread<R = unknown> {
  constructor(
    readonly script: string | URL,
    readonly data?: unknown,
  ) {}

  /** Starts the worker. Everything join() needs is listened for from this moment on. */
  start(): this {
    // TODO: create the worker: new Worker(this.script, { workerData: this.data }).
    //   Listen to it at once: keep the last message it posts, note an 'error', and on 'exit'
    //   decide how the thread ended (its exit code tells you whether it succeeded).
    //   A thread runs once: a second start() throws.
    void Worker;
    return this;
  }

  /**
   * Resolves with the thread's result once its worker has exited; rejects if the worker threw
   * or exited with a non-zero code. Works any number of times, before or after the exit, and
   * always gives the same answer.
   */
  join(): Promise<R> {
    // TODO: give back a promise that settles when the worker has exited (see start()).
    return Promise.resolve(undefined as R);
  }
}

export type ThreadEvent = 'started' | 'finished';

/** One task for runThreads: the worker script and the data it receives as workerData. */
export interface TaskSpec {
  script: string | URL;
  data?: unknown;
}

/**
 * Runs every task in its own thread at the same time. Reports 'started' once every thread has
 * been started (before waiting for any), joins them all, reports 'finished' once every worker has
 * exited, and returns the results in the order of the tasks. If a task fails, runThreads still
 * waits for the others, then rejects with the first failed task's error in task order.
 */
export async function runThreads<R = unknown>(
  tasks: readonly TaskSpec[],
  report: (event: ThreadEvent) => void = console.log,
): Promise<R[]> {
  // TODO: start a Thread for every task, report('started'), join every thread,
  //   report('finished'), and return the results in the order of the tasks.
  void tasks;
  void report;
  return [];
}
