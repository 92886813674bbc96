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

/**
 * Waits for `work`, but gives up with an explanation once `progress()` has not changed for
 * `stallMs`: the workers are then stuck for good (every one of them asleep, waiting for a wake-up
 * that never comes) and waiting longer would only spend the test's time limit. Correct code makes
 * millions of updates per second, so it never stands still for anywhere near that long.
 */
export async function finishUnlessStuck<T>(
  work: Promise<T>,
  progress: () => number,
  stallMs: number,
  explain: (stuckAt: number) => string,
): Promise<T> {
  const watched = watch(work);
  let last = progress();
  let lastChange = Date.now();
  while (!watched.settled()) {
    await sleep(50);
    const now = progress();
    if (now !== last) {
      last = now;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > stallMs && !watched.settled()) {
      throw new Error(explain(now));
    }
  }
  return watched.outcome;
}
