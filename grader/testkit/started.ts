import { observeWorkers } from './tracked';

/**
 * Counts the worker threads constructed while `action` runs, including those that have already
 * exited when it returns (liveWorkers() only sees the ones still running). Use it to check that
 * code does not start workers where it should not ("no workers for a tiny input"), or starts as
 * many as it should.
 */
export async function countWorkersStarted<T>(
  action: () => Promise<T> | T,
): Promise<{ result: T; started: number }> {
  let started = 0;
  const stop = observeWorkers(() => started++);
  try {
    const result = await action();
    return { result, started };
  } finally {
    stop();
  }
}
