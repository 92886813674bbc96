import { Worker } from 'worker_threads';
import { createBarrier, releaseWhenAllArrive } from './barrier';

interface WorkerRun<T> {
  /** Each worker's first message, in worker order. */
  results: T[];
}

/**
 * Starts `count` copies of a test-side worker script (TypeScript is fine: the course's loader
 * runs in workers), holds them at a start barrier until all are online, releases them together,
 * and collects each one's first message. A worker that throws or exits without answering rejects
 * the run with its index, so a broken subject fails the test with a reason instead of hanging.
 * The script calls `arriveAndWait()` (from ./barrier) before its real work.
 */
export async function runWorkers<T>(
  script: string,
  count: number,
  workerData: (index: number) => Record<string, unknown> = () => ({}),
): Promise<WorkerRun<T>> {
  const barrier = createBarrier();
  const workers = Array.from(
    { length: count },
    (_, index) => new Worker(script, { workerData: { ...workerData(index), barrier, index } }),
  );
  let failed = false;
  const answers = workers.map(
    (worker, index) =>
      new Promise<T>((resolve, reject) => {
        let answered = false;
        worker.once('message', (message: T) => {
          answered = true;
          resolve(message);
        });
        worker.once('error', (error) => {
          failed = true;
          reject(new Error(`worker ${index} failed: ${error.message}`));
        });
        worker.once('exit', (code) => {
          failed ||= !answered;
          if (!answered)
            reject(new Error(`worker ${index} exited with code ${code} before answering`));
        });
      }),
  );
  // A worker that dies before reaching the barrier must not leave the others waiting forever.
  const released = releaseWhenAllArrive(barrier, count, () => failed);
  try {
    const [results] = await Promise.all([Promise.all(answers), released]);
    return { results };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
