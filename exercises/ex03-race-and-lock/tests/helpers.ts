import * as fs from 'fs';
import * as path from 'path';

/** Worker scripts shared by the visible and the hidden tests. */
export const COUNT_WORKER = path.join(__dirname, 'count-worker.ts');
export const TAKE_LOCK_WORKER = path.join(__dirname, 'take-lock-worker.ts');

/** Cells of the flags that take-lock-worker.ts sets. */
export const TRYING = 0;
export const GOT_LOCK = 1;
export const newFlags = () =>
  new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));

export const newCounter = () => new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));

/**
 * A test's time limit from the manifest, passed to jest as the test's own timeout so that jest
 * stops a test that waits too long at its limit (a deadlock is then reported as timed out while
 * waiting, without killing the test process). Undefined, so jest's default applies, for a title
 * the manifest does not list.
 */
export function limitFor(title: string): number | undefined {
  try {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', 'exercise.json'), 'utf8'),
    ) as { timeoutMs?: number; tests?: { name: string; timeoutMs?: number }[] };
    const entry = manifest.tests?.find((test) => test.name === title);
    return entry ? (entry.timeoutMs ?? manifest.timeoutMs) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why workers counting under a lock can stand still for good (the count stops moving), from what
 * the lock's buffer says at that moment: only the causes that observation allows. A fresh buffer
 * is free (the constructor leaves it as it is), so all zeros means free in every design.
 */
export function stuckWorkers(lockBuffer: SharedArrayBuffer): string {
  let cells: number[];
  try {
    cells = [...new Int32Array(lockBuffer, 0, Math.floor(lockBuffer.byteLength / 4))];
  } catch {
    return 'no worker got through lock(), and the mutex has no SharedArrayBuffer to show why';
  }
  if (cells.every((value) => value === 0))
    return 'the lock is free (its buffer is all zeros), yet the workers stay in lock(). Either unlock() does not wake a worker asleep in Atomics.wait (Atomics.notify on the same cell), or it wakes one only when the lock is marked "someone waits" and that mark was lost (a woken worker that takes the lock must leave it marked, since others may still sleep)';
  return `the lock's buffer still says it is taken ([${cells.join(', ')}]). Either unlock() does not set the cell back to free (a worker it wakes then finds the lock still taken and sleeps again), or a worker that took it never unlocked it`;
}

/**
 * A worker that failed while taking the lock in turn with others, explained: a refused unlock()
 * there means the lock's state was not what its holder expected.
 */
export function workerFailure(doing: string, error: unknown): Error {
  const message = String((error as Error)?.message ?? error);
  return new Error(
    `a worker failed while ${doing}: ${message}. If unlock() said the mutex was not locked, either two workers held it at once and the other had already released it, or unlock() took a lock that others are waiting for as not locked`,
  );
}

/** Unlocks from the main thread while workers may be waiting, explaining an unlock() that throws. */
export function unlockWithWaiters(mutex: { unlock(): void }, waiting: string): void {
  try {
    mutex.unlock();
  } catch (error) {
    throw new Error(
      `the main thread held the lock and ${waiting} trying to take it, and its unlock() threw: ${String((error as Error)?.message ?? error)}. A lock that others are waiting for is still locked, and unlock() must release it`,
    );
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const formatCount = (value: number) => value.toLocaleString('en-US');

/** The outcome of a promise as a value: a failed run can be explained before its error is shown. */
export async function settle<T>(
  work: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    return { ok: false, error };
  }
}

/** A promise watched from the side: whether it has settled yet, and its outcome (never unhandled). */
export interface Watched<T> {
  settled: () => boolean;
  outcome: Promise<T>;
}

export function watch<T>(work: Promise<T>): Watched<T> {
  let settled = false;
  const mark = () => {
    settled = true;
  };
  work.then(mark, mark);
  return { settled: () => settled, outcome: work };
}

/** Resolves once `condition()` holds or `work` has settled (so a worker that died cannot keep it waiting). */
export async function until(condition: () => boolean, work: Watched<unknown>): Promise<void> {
  while (!condition() && !work.settled()) await sleep(5);
}

/** What a progress probe saw when it gave up on work that had not finished. */
export interface Pace {
  /** Updates done when it gave up. */
  done: number;
  /** Seconds since the probe started. */
  seconds: string;
}

export interface FinishOptions {
  /** How many updates the work makes when it finishes. */
  total: number;
  /** Give up once `progress()`, having moved, stands still this long: the workers are stuck. */
  stallMs: number;
  /**
   * Give up at this Date.now(), a little before the test's own time limit, if still moving;
   * undefined: never (the time limit decides, and the grader's stack probe says where code waits).
   */
  giveUpAt: number | undefined;
  /** The message when the count stood still (every worker asleep, nobody left to wake them). */
  stuck: (pace: Pace) => string;
  /** Said after "too slow: N of M updates done in T s" when the count was still moving. */
  slow: string;
}

/**
 * Waits for `work` while reading its count as it goes, so that a failure says what was seen: a
 * count that stood still for `stallMs` (stuck: waiting longer would only spend the time limit) or
 * a count still moving when the time ran out (too slow, which is not a deadlock). The stall clock
 * starts at the first update, since starting workers on a busy machine can take seconds; a count
 * that never moved at all is reported as stuck when the time runs out. Correct code makes
 * thousands of updates per second even on a busy machine, so it never stands still that long.
 */
export async function finishInTime<T>(
  work: Promise<T>,
  progress: () => number,
  options: FinishOptions,
): Promise<T> {
  const watched = watch(work);
  const began = Date.now();
  const pace = (done: number): Pace => ({
    done,
    seconds: ((Date.now() - began) / 1000).toFixed(1),
  });
  const first = progress();
  let last = first;
  let lastChange: number | undefined;
  while (!watched.settled()) {
    await sleep(50);
    if (watched.settled()) break;
    const now = progress();
    if (now !== last) {
      last = now;
      lastChange = Date.now();
    } else if (lastChange !== undefined && Date.now() - lastChange > options.stallMs) {
      throw new Error(options.stuck(pace(now)));
    }
    if (options.giveUpAt !== undefined && Date.now() >= options.giveUpAt) {
      if (now === first) throw new Error(options.stuck(pace(now)));
      const { done, seconds } = pace(now);
      throw new Error(
        `too slow: ${formatCount(done)} of ${formatCount(options.total)} updates done in ${seconds} s, and the count was still moving (so not a deadlock). ${options.slow}`,
      );
    }
  }
  return watched.outcome;
}

/** How long a count that has moved may stand still before its workers are called stuck. */
export const STALL_MS = 3000;

/** Time left, at the end of a test's limit, to report why it gave up. */
const REPORT_MS = 2000;

/**
 * When a test that has `limitMs` should give up by itself, leaving room to report why. A limit
 * too short to watch the count for longer than `stallMs` first cannot tell slow from stuck, so
 * the test then never gives up by itself and its time limit decides.
 */
export function giveUpBefore(
  limitMs: number | undefined,
  fallbackMs: number,
  stallMs: number,
): number | undefined {
  const limit = limitMs ?? fallbackMs;
  return limit - REPORT_MS > stallMs ? Date.now() + limit - REPORT_MS : undefined;
}
