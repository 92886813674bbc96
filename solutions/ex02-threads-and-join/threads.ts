import { Worker } from 'worker_threads';

/**
 * A task running in its own worker thread, in the spirit of Python's threading.Thread: create it,
 * start() it, and join() it to wait for it to end. The worker script sends its result with
 * parentPort.postMessage(result); the last message it posts is the thread's result.
 */
export class Thread<R = unknown> {
  private outcome?: Promise<R>;

  constructor(
    readonly script: string | URL,
    readonly data?: unknown,
  ) {}

  /** Starts the worker. Everything join() needs is listened for from this moment on. */
  start(): this {
    if (this.outcome) throw new Error('start() was called twice on the same thread');
    const worker = new Worker(this.script, { workerData: this.data });
    this.outcome = new Promise<R>((resolve, reject) => {
      let result: R | undefined;
      // Boxed, so that a falsy thrown value (throw 0) still counts as a failure.
      let failure: { error: unknown } | undefined;
      worker.on('message', (message: R) => {
        result = message;
      });
      worker.on('error', (error: unknown) => {
        failure ??= { error };
      });
      // 'exit' comes last, after any 'message' and 'error': only then is the thread over.
      worker.once('exit', (code) => {
        if (failure) reject(failure.error);
        else if (code !== 0) reject(new Error(`the worker exited with code ${code}`));
        else resolve(result as R);
      });
    });
    // A failed thread that nobody joins must not become an unhandled rejection.
    this.outcome.catch(() => undefined);
    return this;
  }

  /**
   * Resolves with the thread's result once its worker has exited; rejects if the worker threw
   * or exited with a non-zero code. Works any number of times, before or after the exit, and
   * always gives the same answer.
   */
  join(): Promise<R> {
    return this.outcome ?? Promise.reject(new Error('join() was called before start()'));
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
  const threads = tasks.map((task) => new Thread<R>(task.script, task.data).start());
  report('started');
  const outcomes = await Promise.allSettled(threads.map((thread) => thread.join()));
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  report('finished');
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<R>).value);
}
