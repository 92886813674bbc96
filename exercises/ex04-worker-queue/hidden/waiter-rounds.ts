// The waiter worker (./waiter.ts) as a test drives it, round by round: start a round and know when
// the worker is asleep in its call, stop it just after a wake-up or just before its first wait,
// and read its reports.
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { BlockingQueue } from '@subject/ex04-worker-queue/blocking-queue';
import { until } from '../tests/queue-traffic';
import {
  CALLING,
  GO,
  HELD as WAITER_HELD,
  HELD_BEFORE_WAIT,
  HOLD_AFTER_WAKE,
  HOLD_AT_RELOCK,
  STATE_CELLS,
  WAITING,
  WAITS,
  WaiterData,
  WaiterReport,
} from './waiter-protocol';
import { startRoundStoppedBeforeWait } from './waiter-hold';
import { fallenAsleep } from './fallen-asleep';

const WAITER = path.join(__dirname, 'waiter.ts');
export const ROUNDS = 8;
/** Long enough for a woken thread to act on any machine; the tests never pass because of it. */
export const SETTLE_MS = 40;
/** Reaching its first wait after the test said go: a correct get takes milliseconds. */
export const ON_ITS_WAY_LIMIT_MS = 3000;
/** A woken thread returns within milliseconds: 3 s without it means nothing will wake it. */
export const WOKEN_LIMIT_MS = 3000;

/** A waiter worker, its reports as they arrive, and a way to start each round. */
export function startWaiter(role: WaiterData['role'], queue: BlockingQueue, rounds = ROUNDS) {
  const state = new SharedArrayBuffer(STATE_CELLS * Int32Array.BYTES_PER_ELEMENT);
  const cells = new Int32Array(state);
  const data: WaiterData = { role, queue: queue.buffer, rounds, state };
  const worker = new Worker(WAITER, { workerData: data });
  const reports: WaiterReport[] = [];
  let failure: Error | undefined;
  worker.on('message', (report: WaiterReport) => reports.push(report));
  worker.once('error', (error) => (failure = error));
  const checkAlive = () => {
    if (failure) throw new Error(`the ${role} worker failed: ${failure.message}`);
  };
  return {
    reports,
    checkAlive,
    /**
     * Starts round r and resolves once the worker is asleep in its call: blocked in one
     * Atomics.wait on the queue's memory for all of `settleMs` (a wait for the queue's lock is
     * over sooner). On a busy machine a worker can take far longer than any fixed pause to get
     * there, and one that is still on its way hides a lost wake-up.
     */
    async startRound(round: number, settleMs = SETTLE_MS) {
      Atomics.store(cells, GO, round + 1);
      Atomics.notify(cells, GO);
      await until(() => Atomics.load(cells, CALLING) === round + 1 || failure !== undefined);
      checkAlive();
      await fallenAsleep({
        waiting: () => Atomics.load(cells, WAITING) === 1,
        waits: () => Atomics.load(cells, WAITS),
        over: () => failure !== undefined,
        settleMs,
      });
      checkAlive();
    },
    /**
     * Starts round r with the worker stopped just before its first wait on the queue's memory:
     * it has found the queue empty, released the lock and is on its way to sleep. Resolves once
     * it has stopped there, or has returned from its call, or ON_ITS_WAY_LIMIT_MS later (a queue
     * that never waits on its memory); whether it stopped. `goOnToSleep` lets it go on.
     */
    async startRoundOnItsWay(round: number) {
      const stopped = await startRoundStoppedBeforeWait(
        cells,
        round,
        () => reports.length > round || failure !== undefined,
        ON_ITS_WAY_LIMIT_MS,
      );
      checkAlive();
      return stopped;
    },
    /**
     * Lets a worker stopped by `startRoundOnItsWay` go on, and resolves once it has returned from
     * its call or is asleep again (bounded by ON_ITS_WAY_LIMIT_MS).
     */
    async goOnToSleep(round: number) {
      Atomics.store(cells, HELD_BEFORE_WAIT, 0);
      Atomics.notify(cells, HELD_BEFORE_WAIT);
      await fallenAsleep({
        waiting: () => Atomics.load(cells, WAITING) === 1,
        waits: () => Atomics.load(cells, WAITS),
        over: () => reports.length > round || failure !== undefined,
        settleMs: SETTLE_MS,
        limitMs: ON_ITS_WAY_LIMIT_MS,
      });
      checkAlive();
    },
    /**
     * Stops the worker once, after its next wait on the queue's memory returns: in even rounds
     * just after the wait returns, in odd rounds at the first atomic read-modify-write it then
     * makes on the queue's memory, where it goes back for the lock (a woken call that reads the
     * count before taking the lock has read it by then). Call before waking it; then
     * `heldAfterWake` resolves once it has stopped there (or has returned from its call without
     * stopping: a queue that never sleeps in Atomics.wait), and `goOn` lets it go on.
     */
    holdInRound(round: number) {
      Atomics.store(cells, round % 2 === 0 ? HOLD_AFTER_WAKE : HOLD_AT_RELOCK, 1);
    },
    async heldAfterWake(round: number) {
      const giveUpAt = Date.now() + WOKEN_LIMIT_MS;
      await until(
        () =>
          Atomics.load(cells, WAITER_HELD) === 1 ||
          reports.length > round ||
          failure !== undefined ||
          Date.now() > giveUpAt,
      );
      checkAlive();
    },
    goOn() {
      Atomics.store(cells, HOLD_AFTER_WAKE, 0);
      Atomics.store(cells, HOLD_AT_RELOCK, 0);
      Atomics.store(cells, WAITER_HELD, 0);
      Atomics.notify(cells, WAITER_HELD);
    },
    /** The worker's report for round r. */
    async reportOf(round: number) {
      await until(() => reports.length > round || failure !== undefined);
      checkAlive();
      return reports[round];
    },
  };
}
