// Helpers for the ex06 tests: they run under jest's fake clock (./virtual-clock.ts),
// so Date.now() is virtual time and every wait goes through setTimeout.

/** The state of a promise, readable at any moment without awaiting it. */
export interface Tracked<T> {
  settled: boolean;
  rejected: boolean;
  value?: T;
  reason?: unknown;
}

/** Starts watching a promise; a rejection is recorded, never reported as unhandled. */
export function track<T>(promise: Promise<T>): Tracked<T> {
  const state: Tracked<T> = { settled: false, rejected: false };
  promise.then(
    (value) => {
      state.settled = true;
      state.value = value;
    },
    (reason: unknown) => {
      state.settled = true;
      state.rejected = true;
      state.reason = reason;
    },
  );
  return state;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Makes tasks that take a given virtual time and records when each started and how many ran at once. */
export class TaskBoard {
  running = 0;
  maxRunning = 0;
  /** name -> virtual time it started; absent while not started. */
  readonly startedAt = new Map<string, number>();
  readonly finishOrder: string[] = [];

  /** A task (a function that starts the work when called) that resolves with `value` after `ms`. */
  task<T>(name: string, ms: number, value: T): () => Promise<T> {
    return async () => {
      this.begin(name);
      await wait(ms);
      this.end(name);
      return value;
    };
  }

  /** A task that rejects with `error` (an Error, or any other reason) after `ms`. */
  failing(name: string, ms: number, error: unknown): () => Promise<never> {
    return async () => {
      this.begin(name);
      await wait(ms);
      this.end(name);
      throw error;
    };
  }

  /** Start times in the order of `names` (undefined for a task never started). */
  startTimes(names: string[]): (number | undefined)[] {
    return names.map((name) => this.startedAt.get(name));
  }

  private begin(name: string): void {
    if (this.startedAt.has(name)) throw new Error(`task ${name} was started twice`);
    this.startedAt.set(name, Date.now());
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
  }

  private end(name: string): void {
    this.running--;
    this.finishOrder.push(name);
  }
}
