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
export function poll<T>(check: Check<T>, options: PollOptions): Promise<T> {
  // A race between the checking loop and one deadline timer, instead of comparing the clock after
  // every check. Whichever settles first decides; the other is told to stop.
  return new Promise<T>((resolve, reject) => {
    let over = false;
    const finish = (settle: () => void): void => {
      if (over) return;
      over = true;
      clearTimeout(deadline);
      settle();
    };
    const deadline = setTimeout(
      () => finish(() => reject(new PollTimeoutError(options.timeoutMs))),
      options.timeoutMs,
    );
    const loop = async (): Promise<void> => {
      while (!over) {
        const answer = await check();
        if (answer !== undefined) return finish(() => resolve(answer));
        if (over) return;
        await sleep(options.intervalMs);
      }
    };
    loop().catch((error: unknown) => finish(() => reject(error)));
  });
}

/** A task not started yet: gather calls it when the task's turn comes. */
export type Task<T> = () => Promise<T>;

export interface GatherOptions {
  /** At most this many tasks running at once (a positive integer; default: no limit). */
  limit?: number;
  /** When true, a task's rejection reason takes its place in the results instead of rejecting. */
  returnExceptions?: boolean;
}

/** A counting semaphore: permits, and a first-come, first-served queue of waiters. */
class Semaphore {
  private readonly waiters: Array<() => void> = [];
  constructor(private permits: number) {}

  acquire(): Promise<void> {
    if (this.permits > 0) {
      this.permits--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    // A waiter takes the permit over directly, so no newcomer can slip in between.
    const next = this.waiters.shift();
    if (next) next();
    else this.permits++;
  }
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
  const semaphore = new Semaphore(limit);
  let failed = false;
  // Every task gets a wrapper at once; the wrappers queue for permits in list order, so the tasks
  // start in order and never more than `limit` at a time.
  const guarded = tasks.map(async (task): Promise<T | Error> => {
    await semaphore.acquire();
    try {
      if (failed) return undefined as never; // gather has rejected: this task never starts
      return await task();
    } catch (error) {
      if (!options.returnExceptions) {
        failed = true;
        throw error;
      }
      return error as Error;
    } finally {
      semaphore.release();
    }
  });
  return Promise.all(guarded);
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
