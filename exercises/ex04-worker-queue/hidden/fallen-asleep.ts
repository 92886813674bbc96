// Test side: waits until a worker is asleep on the queue's memory, as far as its cells say.
import { pause, until } from '../tests/queue-traffic';
import { SLEEPING, SLEEPS, Side } from './wake-steer-protocol';

/** A worker that never blocks in a wait on the queue (it polls) is not waited for longer. */
export const ASLEEP_LIMIT_MS = 1000;

/**
 * Resolves once a worker is asleep: blocked in one Atomics.wait on the queue's memory for all of
 * `settleMs` (a wait for the queue's lock is over sooner), or once it is over, or after
 * `limitMs` (ASLEEP_LIMIT_MS unless said: a worker that never blocks on the queue, because it
 * polls).
 */
export async function fallenAsleep(worker: {
  waiting: () => boolean;
  waits: () => number;
  over: () => boolean;
  settleMs: number;
  limitMs?: number;
}): Promise<void> {
  const giveUpAt = Date.now() + (worker.limitMs ?? ASLEEP_LIMIT_MS);
  for (;;) {
    await until(() => worker.waiting() || Date.now() > giveUpAt || worker.over());
    const entered = worker.waits();
    await pause(worker.settleMs);
    const sameWait = worker.waiting() && worker.waits() === entered;
    if (sameWait || Date.now() > giveUpAt || worker.over()) return;
  }
}

/**
 * For a test with one worker of `side` run by ./wake-steered-worker.ts with a steer made by
 * createWakeSteer({ watchSleeps: true }): resolves once that worker is asleep (as above), or `over()`.
 */
export function steeredWorkerAsleep(
  steer: SharedArrayBuffer,
  side: Side,
  over: () => boolean,
  settleMs: number,
): Promise<void> {
  const cells = new Int32Array(steer);
  return fallenAsleep({
    waiting: () => Atomics.load(cells, SLEEPING + side) > 0,
    waits: () => Atomics.load(cells, SLEEPS + side),
    over,
    settleMs,
  });
}
