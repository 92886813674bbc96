export type Settled<T> =
  { state: 'pending' } | { state: 'fulfilled'; value: T } | { state: 'rejected'; reason: unknown };

/**
 * How a promise stands after the event loop has turned `turns` times. A promise that only waits
 * for something that already happened settles within microtasks, long before this returns; one
 * still pending here is waiting for an event that is not coming.
 */
export async function settledAfterTurns<T>(promise: Promise<T>, turns = 10): Promise<Settled<T>> {
  let settled: Settled<T> = { state: 'pending' };
  promise.then(
    (value) => (settled = { state: 'fulfilled', value }),
    (reason: unknown) => (settled = { state: 'rejected', reason }),
  );
  for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

/** The message of whatever a promise rejected with (errors from workers come from another realm). */
export function messageOf(reason: unknown): string {
  return typeof (reason as Error)?.message === 'string'
    ? (reason as Error).message
    : String(reason);
}
