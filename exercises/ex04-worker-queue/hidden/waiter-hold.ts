// Test-side steps shared by the tests that drive a waiter worker (./waiter.ts).
import { until } from '../tests/queue-traffic';
import { GO, HELD_BEFORE_WAIT, HOLD_BEFORE_WAIT } from './waiter-protocol';

/**
 * Starts round `round` of the waiter whose state cells are `cells`, with the worker stopped just
 * before its first Atomics.wait on the queue's memory (it has found the queue empty or full and
 * released the lock: it is on its way to sleep). Resolves once it has stopped there, or `over()`
 * (it returned from its call, or failed), or `limitMs` later (a queue that never waits on its
 * memory); whether it stopped. A worker that never stopped has the hold taken back, so that it
 * cannot stop later. Clear HELD_BEFORE_WAIT (and notify) to let a stopped worker go on.
 */
export async function startRoundStoppedBeforeWait(
  cells: Int32Array,
  round: number,
  over: () => boolean,
  limitMs: number,
): Promise<boolean> {
  Atomics.store(cells, HOLD_BEFORE_WAIT, 1);
  Atomics.store(cells, GO, round + 1);
  Atomics.notify(cells, GO);
  const giveUpAt = Date.now() + limitMs;
  await until(() => Atomics.load(cells, HELD_BEFORE_WAIT) === 1 || over() || Date.now() > giveUpAt);
  Atomics.compareExchange(cells, HOLD_BEFORE_WAIT, 1, 0);
  return Atomics.load(cells, HELD_BEFORE_WAIT) === 1;
}
