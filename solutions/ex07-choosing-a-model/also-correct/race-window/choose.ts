import * as os from 'os';
import * as path from 'path';
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
  // Boundaries at from + floor(i * length / count): sizes differ by at most one, the longer chunks
  // spread out instead of coming first.
  const edge = (index: number) => from + Math.floor((index * length) / count);
  return Array.from({ length: count }, (_, index) => ({ from: edge(index), to: edge(index + 1) }));
}

/**
 * Runs `script` once per job, each in its own worker thread started at the same time, with the job
 * as `workerData`; resolves with each worker's first message, in the order of `jobs`. Rejects with
 * the error of a worker that fails (or exits without answering). Either way every worker has been
 * stopped before the promise settles.
 */
export function runInWorkers<Job, Result>(script: string, jobs: readonly Job[]): Promise<Result[]> {
  const workers = jobs.map((job) => new Worker(script, { workerData: job }));
  const answers = new Array<Result>(jobs.length);
  return new Promise<Result[]>((resolve, reject) => {
    let waiting = jobs.length;
    let over = false;
    // Settles once: every worker is stopped first, whichever way the run ends.
    const end = (outcome: () => void) => {
      if (over) return;
      over = true;
      void Promise.allSettled(workers.map((worker) => worker.terminate())).then(outcome);
    };
    if (waiting === 0) end(() => resolve(answers));
    workers.forEach((worker, index) => {
      let answered = false;
      worker.once('message', (answer: Result) => {
        answered = true;
        answers[index] = answer;
        if (--waiting === 0) end(() => resolve(answers));
      });
      worker.once('error', (error: Error) => end(() => reject(error)));
      worker.once('exit', (code) => {
        if (!answered)
          end(() => reject(new Error(`job ${index}: worker ended (${code}), no answer`)));
      });
    });
  });
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
export async function fetchAll<T>(
  ids: readonly string[],
  fetcher: (id: string) => Promise<T>,
  options: { limit: number },
): Promise<T[]> {
  const items = new Array<T>(ids.length);
  // A window of fetches in flight: wait for whichever finishes first, then fill its place.
  const inFlight = new Set<Promise<void>>();
  for (const [index, id] of ids.entries()) {
    if (inFlight.size >= options.limit) await Promise.race(inFlight);
    const fetch: Promise<void> = fetcher(id).then((item) => {
      items[index] = item;
      inFlight.delete(fetch);
    });
    inFlight.add(fetch);
  }
  await Promise.all(inFlight);
  return items;
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
  const { workers = os.availableParallelism(), threshold = SMALL_INPUT } = options;
  return n >= threshold ? countPrimesParallel(n, workers) : countPrimesBelow(n);
}
