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
  // TODO: count the primes p with from <= p < to (isPrime tells whether one number is prime).
  void from;
  void to;
  return 0;
}

/** The sequential answer: the primes below n, counted in this thread. */
export function countPrimesBelow(n: number): number {
  // TODO: the primes below n, counted in this thread.
  void n;
  return 0;
}

/**
 * Splits [from, to) into min(parts, to - from) chunks that follow each other with no gap and no
 * overlap, whose sizes differ by at most one. An empty range gives no chunk.
 */
export function splitRange(from: number, to: number, parts: number): Chunk[] {
  // TODO: cut [from, to) into min(parts, to - from) back-to-back chunks of nearly equal size.
  void from;
  void to;
  void parts;
  return [];
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
  // TODO: start one Worker per job, all at once (new Worker(script, { workerData: job })), collect
  // each one's first message in job order, reject if one fails, and stop every worker at the end.
  void script;
  void jobs;
  void Worker;
  return [];
}

/** Counts the primes below n with `workers` worker threads, each counting one chunk of [0, n). */
export async function countPrimesParallel(n: number, workers: number): Promise<number> {
  // TODO: split [0, n) into `workers` chunks and count each chunk in prime-worker.ts with
  // runInWorkers (path.join(__dirname, 'prime-worker.ts') finds the script), then add up.
  void n;
  void workers;
  void path;
  return 0;
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
  // TODO: fetch every id, at most options.limit at once, and keep each item at its id's index.
  void fetcher;
  void options;
  return ids.map(() => undefined as T);
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
  // TODO: below the threshold (options.threshold, default SMALL_INPUT), count in this thread;
  // otherwise use countPrimesParallel with options.workers (default os.availableParallelism()).
  void options;
  void os;
  return countPrimesParallel(n, 2);
}
