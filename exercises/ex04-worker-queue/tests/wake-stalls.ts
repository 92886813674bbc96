// For a test about what comes out of the queue, not about wake-ups: when the producers' puts stop
// for a moment, the main thread wakes every thread asleep on the queue's memory, up to WAKE_UPS
// times per run. A queue that now and then leaves a thread asleep next to an item (a lost wake-up) then
// reaches the end of the run in every run, and the test judges what it delivered; other tests
// judge its wake-ups. A queue that never wakes its threads needs far more than that and still
// stops. A woken thread that finds nothing changed waits again, so a correct queue is only slowed.
import { until } from '@course/testkit';

/**
 * Wake-ups per run: several times the most stalls a queue that loses a wake-up now and then was
 * seen to need in one run (4), and far fewer than a queue that never wakes its threads needs to
 * deliver the run's 4,000 items.
 */
const WAKE_UPS = 20;
/** No put returned for this long: the threads may all be asleep. */
const STALL_MS = 50;

export interface StallWaker {
  /** Ends the watching. */
  stop(): Promise<void>;
}

/** Watches `puts` (cell 0: puts returned so far) while the run goes on. */
export function wakeStalls(queue: SharedArrayBuffer, puts: SharedArrayBuffer): StallWaker {
  const cells = new Int32Array(queue);
  const done = new Int32Array(puts);
  let stopped = false;
  let made = 0;
  let seen = Atomics.load(done, 0);
  let since = Date.now();
  const watching = until(() => {
    if (stopped || made === WAKE_UPS) return true;
    const now = Date.now();
    if (Atomics.load(done, 0) !== seen) {
      seen = Atomics.load(done, 0);
      since = now;
    } else if (now - since > STALL_MS) {
      for (let cell = 0; cell < cells.length; cell++) Atomics.notify(cells, cell);
      made++;
      since = now;
    }
    return false;
  });
  return {
    async stop() {
      stopped = true;
      await watching;
    },
  };
}
