/**
 * Where a task reads the time and spends it. The tests hand in a fake clock whose sleep() only
 * moves virtual time forward, so no test ever waits for real.
 */
export interface Clock {
  /** The current time on this clock, in milliseconds. */
  now(): number;
  /** Spends `ms` milliseconds of this clock: the pretend work of one step. */
  sleep(ms: number): void;
}

/** A real clock, for trying your loop by hand. Its sleep() really blocks the thread. */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  },
};

/**
 * A cooperative task: every call of next() runs one step of it. While it is unfinished it yields
 * (with no value); on its last step it returns its result. A generator is one of these.
 */
export type Task<R = unknown> = Iterator<undefined, R, undefined>;

/** What `work` is asked to do. */
export interface Job<R> {
  /** The task's name, used in its log lines. */
  name: string;
  /** How long the task works, measured on `clock` from its first step. */
  durationMs: number;
  /** The clock time one step of work takes. */
  stepMs: number;
  clock: Clock;
  /** Computes the task's result once the work is done. */
  result: () => R;
  /** Where the task writes its log lines (default: console.log). */
  log?: (line: string) => void;
}

/**
 * A task that works for `durationMs` of clock time. On each step, while less than `durationMs`
 * has passed since its first step, it logs "<name> is working", spends `stepMs` on the clock and
 * yields. On the first step that finds the time is up, it computes its result, logs
 * "<name> finished" and returns the result.
 */
export function* work<R>(job: Job<R>): Generator<undefined, R, undefined> {
  const log = job.log ?? console.log;
  const startedAt = job.clock.now();
  for (;;) {
    if (job.clock.now() - startedAt >= job.durationMs) break;
    log(`${job.name} is working`);
    job.clock.sleep(job.stepMs);
    yield undefined;
  }
  const value = job.result();
  log(`${job.name} finished`);
  return value;
}

/** Thrown by runEventLoop when a task throws: which task, what it threw, and what the others returned. */
export class TaskError extends Error {
  constructor(
    readonly taskName: string,
    cause: unknown,
    readonly results: Record<string, unknown>,
  ) {
    super(`task "${taskName}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'TaskError';
  }
}

/**
 * Runs the tasks round-robin: each turn advances every unfinished task by one step, in the order
 * given, until all have finished. Returns each task's result under the task's name, whatever the
 * result is (0, '', false, null and undefined included). A task that throws is dropped and the
 * others run on; once all are done, the first failure is thrown as a TaskError that carries the
 * others' results.
 */
export function runEventLoop<R>(tasks: Record<string, Task<R>>): Record<string, R> {
  const results: Record<string, R> = {};
  const failures: Array<{ name: string; error: unknown }> = [];
  // A first-in, first-out queue of the unfinished tasks: the one at the front takes one step and,
  // unless it is over, goes to the back. Re-queueing keeps the given order, so the steps come out
  // turn by turn exactly as a round-robin over the list would.
  const queue: Array<[string, Task<R>]> = Object.entries(tasks);
  while (queue.length > 0) {
    const [name, task] = queue.shift()!;
    let step: IteratorResult<undefined, R>;
    try {
      step = task.next();
    } catch (error) {
      failures.push({ name, error });
      continue;
    }
    if (step.done) results[name] = step.value;
    else queue.push([name, task]);
  }
  if (failures.length > 0) throw new TaskError(failures[0].name, failures[0].error, results);
  return results;
}
