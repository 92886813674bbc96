import type * as WorkerThreadsModule from 'worker_threads';

// The real module object, patched the way @course/testkit/started patches it: code under test
// reads `worker_threads.Worker` when it constructs one.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workerThreads = require('worker_threads') as typeof WorkerThreadsModule;

/**
 * Runs `action` and tells how many worker threads it started and the most that were alive (started
 * and not yet exited) at one moment: structural parallelism, with no clock involved. Workers
 * started one after another, each waited for before the next, never get above 1.
 */
export async function workersAliveAtOnce<T>(
  action: () => Promise<T>,
): Promise<{ result: T; started: number; mostAlive: number }> {
  const Current = workerThreads.Worker;
  let started = 0;
  let alive = 0;
  let mostAlive = 0;
  class WatchedWorker extends Current {
    constructor(filename: string | URL, options?: WorkerThreadsModule.WorkerOptions) {
      super(filename, options);
      started++;
      mostAlive = Math.max(mostAlive, ++alive);
      this.once('exit', () => alive--);
    }
  }
  (workerThreads as { Worker: typeof Current }).Worker = WatchedWorker;
  try {
    const result = await action();
    return { result, started, mostAlive };
  } finally {
    (workerThreads as { Worker: typeof Current }).Worker = Current;
  }
}
