/**
 * Waits `ms` milliseconds without blocking anything else. Given: it goes through setTimeout, so
 * the tests' fake clock controls it. Use it for every wait.
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What `check` may answer: `undefined` means "not yet", anything else is the answer. */
export type Check<T> = () => T | undefined | Promise<T | undefined>;

export interface PollOptions {
  /** Pause between the end of one check and the start of the next, in ms. */
  intervalMs: number;
  /** Give up once this much time has passed since poll was called without an answer, in ms. */
  timeoutMs: number;
}

/** How poll gives up. */
export class PollTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'PollTimeoutError';
  }
}

/**
 * Calls `check` at once, then again `intervalMs` after each "not yet", until it answers; resolves
 * with the answer. An async check is awaited before the pause, so two checks never overlap. When
 * `timeoutMs` has passed without an answer, rejects with a PollTimeoutError and checks no more.
 */
export async function poll<T>(check: Check<T>, options: PollOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const answer = await check();
    if (answer !== undefined) return answer;
    const left = deadline - Date.now();
    if (left <= 0) throw new PollTimeoutError(options.timeoutMs);
    await sleep(Math.min(options.intervalMs, left));
  }
}

/** A task not started yet: gather calls it when the task's turn comes. */
export type Task<T> = () => Promise<T>;

export interface GatherOptions {
  /** At most this many tasks running at once (a positive integer; default: no limit). */
  limit?: number;
  /** When true, a task's rejection reason takes its place in the results instead of rejecting. */
  returnExceptions?: boolean;
}

/**
 * Runs the tasks concurrently, at most `limit` at a time, and resolves with their results in the
 * order of `tasks`, whatever order they finish in. Without `returnExceptions`, rejects with the
 * first failure as soon as it happens.
 */
export function gather<T>(
  tasks: readonly Task<T>[],
  options?: GatherOptions & { returnExceptions?: false },
): Promise<T[]>;
export function gather<T>(
  tasks: readonly Task<T>[],
  options: GatherOptions & { returnExceptions: true },
): Promise<Array<T | Error>>;
export async function gather<T>(
  tasks: readonly Task<T>[],
  options: GatherOptions = {},
): Promise<Array<T | Error>> {
  const limit = options.limit ?? Infinity;
  if (!(limit >= 1)) throw new RangeError(`limit must be at least 1, got ${limit}`);
  const results = new Array<T | Error>(tasks.length);
  // The running tasks in a set; whenever the set is full, Promise.race waits for any one of them
  // to finish (or fail: then the race rejects at once and gather with it, starting nothing more).
  const running = new Set<Promise<void>>();
  for (let index = 0; index < tasks.length; index++) {
    if (running.size >= limit) await Promise.race(running);
    const settled: Promise<void> = tasks[index]()
      .then(
        (value) => {
          results[index] = value;
        },
        (error: unknown) => {
          if (!options.returnExceptions) throw error;
          results[index] = error as Error;
        },
      )
      .finally(() => running.delete(settled));
    running.add(settled);
  }
  await Promise.all(running);
  return results;
}

/**
 * Polls every check as `poll` does, at most `limit` polls at a time, and resolves with their
 * answers in the order of `checks`. Built on gather: each poll starts when gather calls its task.
 */
export function pollAll<T>(
  checks: readonly Check<T>[],
  options: PollOptions & { limit?: number },
): Promise<T[]> {
  return gather(
    checks.map((check) => () => poll(check, options)),
    { limit: options.limit },
  );
}
