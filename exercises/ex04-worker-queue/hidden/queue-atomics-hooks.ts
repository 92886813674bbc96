// Wraps this thread's Atomics.wait and Atomics.notify so that a test sees what happens on the
// queue's memory. Modules that call it are imported by a worker before the subject, so the subject
// (say with `const { wait } = Atomics` at its top) already finds the wrapped functions.

export interface QueueAtomicsHooks {
  /** Before each Atomics.wait on the queue's memory. */
  beforeWait?(): void;
  /** True just before such a wait blocks, false once it has returned. */
  waiting?(blocked: boolean): void;
  /** After such a wait has returned ('ok', 'not-equal' or 'timed-out'), before the subject sees it. */
  afterWait?(outcome: string): void;
  /** Before each Atomics.notify on the queue's memory. */
  beforeNotify?(): void;
  /** After each Atomics.notify on the queue's memory. */
  afterNotify?(): void;
  /**
   * Before each atomic read-modify-write (compareExchange, exchange, add, sub) on the queue's
   * memory: the step with which a thread takes a lock, or claims a slot or a permit.
   */
  beforeUpdate?(): void;
  /** After each Atomics.load of the queue's memory, before the subject sees the value. */
  afterRead?(): void;
}

/**
 * Wraps them; returns a function that puts the originals back on Atomics (code that took a wrapped
 * function aside keeps it).
 */
export function hookQueueAtomics(queue: SharedArrayBuffer, hooks: QueueAtomicsHooks): () => void {
  const { add, compareExchange, exchange, load, notify, sub, wait } = Atomics;
  // Named one by one: Atomics' own properties are not enumerable.
  const originals = { add, compareExchange, exchange, load, notify, sub, wait };
  if (hooks.afterRead) {
    const after = hooks.afterRead;
    Atomics.load = ((array: Int32Array, index: number) => {
      const value = load(array, index);
      if (array.buffer === queue) after();
      return value;
    }) as typeof Atomics.load;
  }
  if (hooks.beforeUpdate) {
    const before = hooks.beforeUpdate;
    const hooked =
      <Args extends unknown[]>(update: (array: Int32Array, ...rest: Args) => number) =>
      (array: Int32Array, ...rest: Args) => {
        if (array.buffer === queue) before();
        return update(array, ...rest);
      };
    Atomics.add = hooked(
      add as (array: Int32Array, index: number, value: number) => number,
    ) as typeof Atomics.add;
    Atomics.sub = hooked(
      sub as (array: Int32Array, index: number, value: number) => number,
    ) as typeof Atomics.sub;
    Atomics.exchange = hooked(
      exchange as (array: Int32Array, index: number, value: number) => number,
    ) as typeof Atomics.exchange;
    Atomics.compareExchange = hooked(
      compareExchange as (
        array: Int32Array,
        index: number,
        expected: number,
        value: number,
      ) => number,
    ) as typeof Atomics.compareExchange;
  }
  Atomics.wait = ((array: Int32Array, index: number, value: number, timeout?: number) => {
    if (array.buffer !== queue) return wait(array, index, value, timeout);
    hooks.beforeWait?.();
    hooks.waiting?.(true);
    let outcome = 'threw';
    try {
      outcome = wait(array, index, value, timeout);
      return outcome;
    } finally {
      hooks.waiting?.(false);
      hooks.afterWait?.(outcome);
    }
  }) as typeof Atomics.wait;
  Atomics.notify = ((array: Int32Array, index: number, count?: number) => {
    if (array.buffer === queue) hooks.beforeNotify?.();
    const woken = notify(array, index, count);
    if (array.buffer === queue) hooks.afterNotify?.();
    return woken;
  }) as typeof Atomics.notify;
  return () => Object.assign(Atomics, originals);
}
