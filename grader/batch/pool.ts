/**
 * Runs `work` over the items with at most `concurrency` at once, taking the next item only when a
 * lane is free (items can be a lazy generator). After `signal` aborts, no new item is started.
 */
export async function runPool<T>(
  items: Iterable<T>,
  concurrency: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  const lane = async () => {
    while (!signal?.aborted) {
      const next = iterator.next();
      if (next.done) return;
      await work(next.value);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
}
