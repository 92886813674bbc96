// The steered worker (./wake-steered-worker.ts) as the queue tests start it: one producer or
// consumer watched for its sleeps on the queue's memory, or the data for traffic whose sides each
// fall asleep first.
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { ConsumerReport, QueueWorkerData } from '../tests/queue-worker';
import { steeredWaits, steeredWorkerAsleep } from './fallen-asleep';
import { CONSUMER, PRODUCER, createWakeSteer } from './wake-steer-protocol';

export const WAKE_STEERED_WORKER = path.join(__dirname, 'wake-steered-worker.ts');
/** Long enough for a worker blocked in a wait for the queue's lock to be out of it. */
const SETTLE_MS = 40;

const reportOf = (worker: Worker) =>
  new Promise<ConsumerReport>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });

/**
 * One producer or consumer in the steered worker, which only counts its sleeps on the queue's
 * memory (nothing is stopped): `asleep()` resolves once it sleeps there (./fallen-asleep.ts), in a
 * wait entered after `after` of them if given (`waits()`).
 */
export function startWatched(data: QueueWorkerData, capacity: number) {
  const steer = createWakeSteer({ watchSleeps: true });
  const producer = data.role === 'producer';
  const worker = new Worker(WAKE_STEERED_WORKER, {
    workerData: {
      ...data,
      steer,
      producers: producer ? 1 : 0,
      consumers: producer ? 0 : 1,
      capacity,
    },
  });
  const finished = reportOf(worker);
  let over = false;
  finished.then(
    () => (over = true),
    () => (over = true),
  );
  const side = producer ? PRODUCER : CONSUMER;
  return {
    finished,
    over: () => over,
    waits: () => steeredWaits(steer, side),
    asleep: (after?: number) => steeredWorkerAsleep(steer, side, () => over, SETTLE_MS, after),
  };
}

/**
 * The steered worker's data for traffic that starts with each side asleep in turn
 * (./sleep-first.ts): the consumers on the empty queue, then the producers on the full one. A put
 * (get) that never wakes a sleeping get (put) then leaves it asleep for good in every run, where
 * the scheduler alone made one sleep in some runs only. With `lastPutsAsleep` it also ends with
 * the producers asleep in their last puts on the full queue (./last-puts.ts); with `lateNotify` a
 * few producers are held just before a notify until the consumer sleeps on the emptied queue
 * (./late-notify.ts).
 */
export const sleepFirst = (
  producers: number,
  consumers: number,
  capacity: number,
  options: { lastPutsAsleep?: boolean; lateNotify?: boolean } = {},
) => ({
  steer: createWakeSteer({ sleepFirst: true, wakeStops: false, ...options }),
  producers,
  consumers,
  capacity,
});
