import { observeWorkers } from '@course/testkit/tracked';

/**
 * Runs `action` and tells how many worker threads it started and the most that were alive (started
 * and not yet exited) at one moment: structural parallelism, with no clock involved. Workers
 * started one after another, each waited for before the next, never get above 1.
 */
export async function workersAliveAtOnce<T>(
  action: () => Promise<T>,
): Promise<{ result: T; started: number; mostAlive: number }> {
  let started = 0;
  let alive = 0;
  let mostAlive = 0;
  const stop = observeWorkers((worker) => {
    started++;
    mostAlive = Math.max(mostAlive, ++alive);
    worker.once('exit', () => alive--);
  });
  try {
    const result = await action();
    return { result, started, mostAlive };
  } finally {
    stop();
  }
}
