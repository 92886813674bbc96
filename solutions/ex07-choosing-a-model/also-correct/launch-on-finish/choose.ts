import * as os from 'os';
import * as path from 'path';
import { once } from 'events';
import { Worker } from 'worker_threads';

// ---------------------------------------------------------------------------------------------
// CPU-bound work: counting primes. Given: isPrime. Every number costs real computing.
// ---------------------------------------------------------------------------------------------

/** Given: is n a prime? Trial division by odd numbers up to the square root. */
export function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let divisor = 3; divisor * divisor <= n; divisor += 2) {
    if (n % divisor === 0) return false;
  }
  return true;
}

/** A half-open range of whole numbers: `from` is in it, `to` is not. */
export interface Chunk {
  from: number;
  to: number;
}

/** How many primes p there are with from <= p < to. */
export function countPrimesInRange(from: number, to: number): number {
  let count = 0;
  for (let n = from; n < to; n++) if (isPrime(n)) count++;
  return count;
}

/** The sequential answer: the primes below n, counted in this thread. */
export function countPrimesBelow(n: number): number {
  return countPrimesInRange(0, n);
}

/**
 * Splits [from, to) into min(parts, to - from) chunks that follow each other with no gap and no
 * overlap, whose sizes differ by at most one. An empty range gives no chunk.
 */
export function splitRange(from: number, to: number, parts: number): Chunk[] {
  const length = Math.max(0, to - from);
  const count = Math.min(parts, length);
  const chunks: Chunk[] = [];
  let start = from;
  for (let index = 0; index < count; index++) {
    // The first (length % count) chunks take one number more.
    const size = Math.floor(length / count) + (index < length % count ? 1 : 0);
    chunks.push({ from: start, to: start + size });
    start += size;
  }
  return chunks;
}

/**
 * Runs `script` once per job, each in its own worker thread started at the same time, with the job
 * as `workerData`; resolves with each worker's first message, in the order of `jobs`. Rejects with
 * the error of a worker that fails (or exits without answering). Either way every worker has been
 * stopped before the promise settles.
 */
export async function runInWorkers<Job, Result>(
  script: string,
  jobs: readonly Job[],
): Promise<Result[]> {
  const workers = jobs.map((job) => new Worker(script, { workerData: job }));
  // events.once rejects on 'error' by itself; an 'exit' that comes first means no answer.
  const answerOf = async (worker: Worker, index: number): Promise<Result> => {
    const [answer] = (await Promise.race([
      once(worker, 'message'),
      once(worker, 'exit').then(([code]) => {
        throw new Error(`worker for job ${index} exited (code ${code}) without an answer`);
      }),
    ])) as [Result];
    return answer;
  };
  const outcomes = await Promise.allSettled(workers.map(answerOf));
  await Promise.all(workers.map((worker) => worker.terminate()));
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<Result>).value);
}

/** Counts the primes below n with `workers` worker threads, each counting one chunk of [0, n). */
export async function countPrimesParallel(n: number, workers: number): Promise<number> {
  const counts = await runInWorkers<Chunk, number>(
    path.join(__dirname, 'prime-worker.ts'),
    splitRange(0, n, workers),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

// ---------------------------------------------------------------------------------------------
// I/O-bound work: fetching. The time goes into waiting, so one thread can wait for many at once.
// ---------------------------------------------------------------------------------------------

/**
 * Fetches every id with `fetcher`, at most `limit` fetches in flight at once (starting the next as
 * soon as one finishes), and resolves with the items in the order of `ids`. Rejects with the error
 * of the first fetch that fails.
 */
export function fetchAll<T>(
  ids: readonly string[],
  fetcher: (id: string) => Promise<T>,
  options: { limit: number },
): Promise<T[]> {
  // Push, not pull: each finished fetch launches the next id itself.
  return new Promise<T[]>((resolve, reject) => {
    const items = new Array<T>(ids.length);
    let launched = 0;
    let finished = 0;
    if (ids.length === 0) return resolve(items);
    const launch = (): void => {
      const index = launched++;
      fetcher(ids[index]).then((item) => {
        items[index] = item;
        finished++;
        if (finished === ids.length) resolve(items);
        else if (launched < ids.length) launch();
      }, reject);
    };
    while (launched < Math.min(options.limit, ids.length)) launch();
  });
}

// ---------------------------------------------------------------------------------------------
// Choosing: parallelism has a cost. Starting a worker takes far longer than a small count.
// ---------------------------------------------------------------------------------------------

/** Below this many numbers, countPrimes stays in this thread. */
export const SMALL_INPUT = 100_000;

/**
 * Counts the primes below n the sensible way: below `threshold` (default SMALL_INPUT) in this
 * thread, starting no worker at all; otherwise with countPrimesParallel and `workers` threads
 * (default: one per CPU core).
 */
export async function countPrimes(
  n: number,
  options: { workers?: number; threshold?: number } = {},
): Promise<number> {
  const threshold = options.threshold ?? SMALL_INPUT;
  if (n < threshold) return countPrimesBelow(n);
  return countPrimesParallel(n, options.workers ?? os.availableParallelism());
}
