import type * as WorkerThreadsModule from 'worker_threads';

// The real module object: tracked.ts patches its Worker the same way, and code under test reads
// `worker_threads.Worker` when it constructs one (what `import { Worker }` compiles to).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workerThreads = require('worker_threads') as typeof WorkerThreadsModule;

/**
 * Counts the worker threads constructed while `action` runs, including those that have already
 * exited when it returns (liveWorkers() only sees the ones still running). Use it to check that
 * code does not start workers where it should not ("no workers for a tiny input"), or starts as
 * many as it should. Only one count may be in progress at a time.
 */
export async function countWorkersStarted<T>(
  action: () => Promise<T> | T,
): Promise<{ result: T; started: number }> {
  const Current = workerThreads.Worker;
  let started = 0;
  class CountedWorker extends Current {
    constructor(filename: string | URL, options?: WorkerThreadsModule.WorkerOptions) {
      super(filename, options);
      started++;
    }
  }
  (workerThreads as { Worker: typeof Current }).Worker = CountedWorker;
  try {
    const result = await action();
    return { result, started };
  } finally {
    (workerThreads as { Worker: typeof Current }).Worker = Current;
  }
}
