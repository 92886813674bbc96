// Test side: waits until a worker is asleep on the queue's memory, as far as its cells say.
import { pause, until } from '../tests/queue-traffic';
import { SLEEPING, SLEEPS, Side } from './wake-steer-protocol';

/** A worker that never blocks in a wait on the queue (it polls) is not waited for longer. */
export const ASLEEP_LIMIT_MS = 1000;

/**
 * Resolves once a worker is asleep: blocked in one Atomics.wait on the queue's memory for all of
 * `settleMs` (a wait for the queue's lock is over sooner), or once it is over, or after
 * `limitMs` (ASLEEP_LIMIT_MS unless said: a worker that never blocks on the queue, because it
 * polls). Given `after` (a count of `waits()`), only a wait entered after those counts.
 */
export async function fallenAsleep(worker: {
  waiting: () => boolean;
  waits: () => number;
  over: () => boolean;
  settleMs: number;
  limitMs?: number;
  after?: number;
}): Promise<void> {
  const giveUpAt = Date.now() + (worker.limitMs ?? ASLEEP_LIMIT_MS);
  const newWait = () => worker.waiting() && worker.waits() > (worker.after ?? 0);
  for (;;) {
    await until(() => newWait() || Date.now() > giveUpAt || worker.over());
    const entered = worker.waits();
    await pause(worker.settleMs);
    const sameWait = newWait() && worker.waits() === entered;
    if (sameWait || Date.now() > giveUpAt || worker.over()) return;
  }
}

/**
 * Reaching its first wait, for one worker that was about to call: a correct put or get takes
 * milliseconds, but on an overloaded machine a thread can go unscheduled for well over a second,
 * and a call acted on before it sleeps hides a missing wake-up.
 */
export const ON_ITS_WAY_LIMIT_MS = 3000;

/** How many waits on the queue's memory the steered workers of `side` have entered so far. */
export const steeredWaits = (steer: SharedArrayBuffer, side: Side) =>
  Atomics.load(new Int32Array(steer), SLEEPS + side);

/**
 * For a test with one worker of `side` run by ./wake-steered-worker.ts with a steer made by
 * createWakeSteer({ watchSleeps: true }): resolves once that worker is asleep (as above) in a
 * wait entered after `after` of them, or `over()`, or ON_ITS_WAY_LIMIT_MS later (a worker that
 * never sleeps on the queue: it polls).
 */
export function steeredWorkerAsleep(
  steer: SharedArrayBuffer,
  side: Side,
  over: () => boolean,
  settleMs: number,
  after = 0,
): Promise<void> {
  const cells = new Int32Array(steer);
  return fallenAsleep({
    waiting: () => Atomics.load(cells, SLEEPING + side) > 0,
    waits: () => steeredWaits(steer, side),
    over,
    settleMs,
    limitMs: ON_ITS_WAY_LIMIT_MS,
    after,
  });
}
