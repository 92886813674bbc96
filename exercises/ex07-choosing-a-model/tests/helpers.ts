// Helpers for the ex07 tests. No fake timers here: workers run on real time, and the fetch tests
// decide by hand when each fetch finishes.

/** The state of a promise, readable at any moment without awaiting it. */
export interface Settled<T> {
  settled: boolean;
  rejected: boolean;
  value?: T;
  reason?: unknown;
}

/** Starts watching a promise; a rejection is recorded, never reported as unhandled. */
export function settle<T>(promise: Promise<T>): Settled<T> {
  const state: Settled<T> = { settled: false, rejected: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (reason: unknown) => Object.assign(state, { settled: true, rejected: true, reason }),
  );
  return state;
}

/** Lets every pending promise callback run (a few turns of the event loop). */
export async function flush(): Promise<void> {
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** Waits until `condition()` holds or `limitMs` have passed; true when it holds. */
export async function waitUntil(condition: () => boolean, limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** The message of an error, whichever realm it comes from. */
export function messageOf(reason: unknown): string {
  return String((reason as { message?: unknown } | undefined)?.message ?? reason);
}

/**
 * A pretend server for fetchAll: each fetch waits until the test calls finish(id) or fail(id),
 * and the server records how many fetches were in flight at once.
 */
export class FakeServer {
  inFlight = 0;
  maxInFlight = 0;
  readonly started: string[] = [];
  private readonly waiting = new Map<
    string,
    { resolve: (item: string) => void; reject: (error: Error) => void }
  >();

  readonly fetch = (id: string): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      if (this.waiting.has(id)) throw new Error(`${id} fetched twice at once`);
      this.started.push(id);
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      this.waiting.set(id, { resolve, reject });
    });

  /** Ids fetched and not finished yet, oldest first. */
  pending(): string[] {
    return [...this.waiting.keys()];
  }

  finish(id: string): void {
    this.settle(id).resolve(`item ${id}`);
  }

  fail(id: string, error: Error): void {
    this.settle(id).reject(error);
  }

  private settle(id: string) {
    const waiter = this.waiting.get(id);
    if (!waiter) throw new Error(`${id} is not being fetched`);
    this.waiting.delete(id);
    this.inFlight--;
    return waiter;
  }
}
