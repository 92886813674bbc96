/**
 * Runs `work` over the items with `concurrency` lanes, each taking the next item only when its
 * own is done (items can be a lazy generator). After `signal` aborts, no new item is started.
 *
 * An item whose work is stuck waiting, not working, can hand its lane over (`handOver`): a new
 * lane takes the next item at once, and the stuck item's lane ends with it. At most `spare` lanes
 * are handed over at a time (none by default), so a class that is all stuck runs a bounded number.
 * A failing item fails the pool, once every lane has ended.
 */
export async function runPool<T>(
  items: Iterable<T>,
  concurrency: number,
  work: (item: T, handOver: () => void) => Promise<void>,
  signal?: AbortSignal,
  spare = 0,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  const lanes = Math.max(1, concurrency);
  let handedOver = 0;
  const running: Promise<void>[] = [];
  const lane = async (): Promise<void> => {
    while (!signal?.aborted) {
      const next = iterator.next();
      if (next.done) return;
      let handed = false;
      const handOver = () => {
        if (handed || handedOver >= spare) return;
        handed = true;
        handedOver++;
        start();
      };
      try {
        await work(next.value, handOver);
      } finally {
        if (handed) handedOver--;
      }
      if (handed) return;
    }
  };
  const start = () => {
    const started = lane();
    // Awaited below in order; until then a failure must not count as unhandled.
    started.catch(() => undefined);
    running.push(started);
  };
  for (let index = 0; index < lanes; index++) start();
  // Lanes opened by a hand-over join the list while an earlier lane is still running. Every lane
  // ends before the first failure is thrown: a caller that then cleans up (removes the folders its
  // work runs in) must not leave another lane's work running past it.
  let failure: { error: unknown } | undefined;
  for (let index = 0; index < running.length; index++)
    await running[index].catch((error: unknown) => {
      failure ??= { error };
    });
  if (failure) throw failure.error;
}
