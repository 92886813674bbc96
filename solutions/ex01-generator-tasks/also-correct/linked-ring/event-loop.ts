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
  const { name, durationMs, stepMs, clock, result, log = console.log } = job;
  const start = clock.now();
  while (clock.now() - start < durationMs) {
    log(`${name} is working`);
    clock.sleep(stepMs);
    yield;
  }
  const value = result();
  log(`${name} finished`);
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
interface Ring<R> {
  name: string;
  task: Task<R>;
  next: Ring<R>;
}

export function runEventLoop<R>(tasks: Record<string, Task<R>>): Record<string, R> {
  const results: Record<string, R> = {};
  let failure: { name: string; error: unknown } | null = null;
  // A circular linked list of the unfinished tasks: a finished task is unlinked by pointing its
  // predecessor past it, which cannot disturb the walk the way removing from an array does.
  const entries = Object.entries(tasks);
  if (entries.length === 0) return results;
  const nodes = entries.map(([name, task]) => ({ name, task }) as Ring<R>);
  nodes.forEach((node, index) => (node.next = nodes[(index + 1) % nodes.length]));
  let previous = nodes[nodes.length - 1];
  let count = nodes.length;
  while (count > 0) {
    const current = previous.next;
    let over = true;
    try {
      const step = current.task.next();
      if (step.done) results[current.name] = step.value;
      else over = false;
    } catch (error) {
      if (failure === null) failure = { name: current.name, error };
    }
    if (over) {
      previous.next = current.next;
      count--;
    } else {
      previous = current;
    }
  }
  if (failure !== null) throw new TaskError(failure.name, failure.error, results);
  return results;
}
