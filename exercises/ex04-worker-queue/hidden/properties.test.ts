import fc from 'fast-check';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { because } from '@course/testkit';
import { BlockingQueue } from '@subject/ex04-worker-queue/blocking-queue';
import { allItems, delivery, firstOrderViolation, perfectDelivery } from '../tests/queue-items';
import { runTraffic, until } from '../tests/queue-traffic';
import type { BlockedOpJob, BlockedOpReport } from './blocked-op-worker';
import { createWakeSteer } from './wake-steer-protocol';
import { WAKE_STEERED_WORKER } from './steered-workers';

// Properties the README promises, checked over generated sizes and schedules rather than a table:
// no reference is needed to know that every item must come out exactly once.

const BLOCKED_OP_WORKER = path.join(__dirname, 'blocked-op-worker.ts');
/** Longer than any plausible give-up a submission could hide in a wait (a poll, a timeout). */
const WATCH_MS = 3000;
/** How long the workers may take to start and fill their queues before the watch begins. */
const READY_MS = 8000;

interface Watched {
  label: string;
  queue: BlockingQueue;
  job: BlockedOpJob;
  events: BlockedOpReport[];
  /** The worker's error, when the operation threw instead of waiting. */
  error?: string;
}

function start(label: string, queue: BlockingQueue, job: Omit<BlockedOpJob, 'queue'>): Watched {
  const worker = new Worker(BLOCKED_OP_WORKER, { workerData: { ...job, queue: queue.buffer } });
  const watched: Watched = { label, queue, job: { ...job, queue: queue.buffer }, events: [] };
  worker.on('message', (report: BlockedOpReport) => watched.events.push(report));
  worker.on('error', (error) => (watched.error = String(error)));
  return watched;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const returned = (watched: Watched) =>
  watched.error !== undefined || watched.events.some((report) => report.event === 'returned');

test('a put on a full queue and a get on an empty one wait for as long as they must (watched for 3 s)', async () => {
  const watched = [
    ...[1, 2, 3, 5, 7].map((capacity) =>
      start(`put on a full queue of capacity ${capacity}`, BlockingQueue.create(capacity), {
        op: 'put',
        fill: capacity,
        last: -2147483648,
      }),
    ),
    ...[1, 4].map((capacity) =>
      start(`get on an empty queue of capacity ${capacity}`, BlockingQueue.create(capacity), {
        op: 'get',
        fill: 0,
        last: 0,
      }),
    ),
  ];
  // The watch starts once every worker has filled its queue and is about to wait: on a loaded
  // machine starting seven workers can take longer than the watch itself, and a worker that has not
  // started has not waited yet. A timer, not until(): a put that blocks while filling (a queue that
  // holds less than its capacity) must end in this test's verdict below, not as a hang.
  const readyBy = Date.now() + READY_MS;
  while (!watched.every((one) => one.events.length > 0 || one.error !== undefined)) {
    if (Date.now() > readyBy) break;
    await sleep(20);
  }
  await sleep(WATCH_MS);
  for (const one of watched)
    because(
      `${one.label}: it must still be waiting after ${WATCH_MS / 1000} s, with nothing to take or no room (a full queue holds exactly its capacity; a wait has no time limit)`,
      () =>
        expect({ ready: one.events.length > 0, returned: returned(one), error: one.error }).toEqual(
          {
            ready: true,
            returned: false,
            error: undefined,
          },
        ),
    );
  // Now make room or put an item: each waiting operation must finish.
  for (const one of watched) {
    if (one.job.op === 'put') one.queue.get();
    else one.queue.put(2147483647);
  }
  // Workers that will never return sleep for good: the hang watch ends the test before the 5 s.
  const giveUpAt = Date.now() + 5000;
  await until(() => watched.every(returned) || Date.now() > giveUpAt);
  for (const one of watched) {
    because(`${one.label}: once there is room or an item, it must return`, () =>
      expect({ returned: returned(one), error: one.error }).toEqual({
        returned: true,
        error: undefined,
      }),
    );
    if (one.job.op === 'get')
      because(`${one.label}: get must return the item put while it waited`, () =>
        expect(one.events.find((report) => report.event === 'returned')).toEqual({
          event: 'returned',
          item: 2147483647,
        }),
      );
    else
      because(`${one.label}: the queue holds its items in order, the one that waited last`, () => {
        const items = Array.from({ length: one.queue.capacity }, () => one.queue.get());
        expect(items).toEqual([
          ...Array.from({ length: one.job.fill - 1 }, (_, i) => i + 1),
          -2147483648,
        ]);
      });
  }
});

test('every item comes out exactly once and in each producer’s order, on generated schedules', async () => {
  // Seeded: the same schedules every run, chosen to cover one and many producers and consumers,
  // capacities from 1, and more workers than cores. Where two or more workers of a side share
  // the queue, the first few wake-ups of each side are steered (./wake-steer.ts): the woken get
  // (put) is stopped where it goes back for the lock until another consumer (producer) has taken
  // what it was woken for. Any thread may be paused there, so a correct queue sends it back to
  // waiting; one that does not check again after waking takes a slot that is empty (fills a full
  // one), in every run rather than when the scheduler happens to interleave so. Each schedule
  // starts with the consumers asleep on the empty queue, then the producers on the full one
  // (./sleep-first.ts): a put or get that does not wake the other side's sleepers leaves them
  // asleep for good with items still to move, in every run rather than when the scheduler happens
  // to put them to sleep.
  const schedules = fc.sample(
    fc.record({
      producers: fc.integer({ min: 1, max: 4 }),
      consumers: fc.constantFrom(1, 2, 4),
      capacity: fc.integer({ min: 1, max: 5 }),
      itemsEach: fc.constantFrom(4, 30, 200),
    }),
    { seed: 2904, numRuns: 3 },
  );
  for (const schedule of schedules) {
    const { producers, capacity, itemsEach } = schedule;
    const consumers = (producers * itemsEach) % schedule.consumers === 0 ? schedule.consumers : 1;
    const queue = BlockingQueue.create(capacity);
    const reports = await runTraffic({
      queue: queue.buffer,
      producers,
      itemsEach,
      consumers,
      worker: WAKE_STEERED_WORKER,
      workerData: { steer: createWakeSteer({ sleepFirst: true }), producers, consumers, capacity },
    });
    const received = reports.map((report) => report.received ?? []);
    const sent = allItems(producers, itemsEach);
    const what = `${producers} producer(s) putting ${itemsEach} items each and ${consumers} consumer(s), on a queue of capacity ${capacity}`;
    because(`${what}: every item put must come out exactly once`, () =>
      expect(delivery(received.flat(), sent)).toEqual(perfectDelivery(sent)),
    );
    because(`${what}: items of one producer come out in the order it put them`, () =>
      expect(firstOrderViolation(received)).toBeUndefined(),
    );
  }
});
