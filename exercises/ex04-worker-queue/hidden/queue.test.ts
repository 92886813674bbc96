import { because, runWorkers } from '@course/testkit';
import { startPreempters } from '@course/testkit/preempt';
import { BlockingQueue } from '@subject/ex04-worker-queue/blocking-queue';
import {
  allItems,
  createTally,
  delivery,
  firstOrderViolation,
  perfectDelivery,
  tallied,
} from '../tests/queue-items';
import { QUEUE_WORKER, runTraffic, until } from '../tests/queue-traffic';
import { WAKE_STEERED_WORKER, sleepFirst, startWatched } from './steered-workers';
import { createWakeSteer } from './wake-steer-protocol';

/** Read stops per worker in the steered tests: two rounds of the READ_TARGETS reads of a call. */
const READ_STOPS = 8;
/**
 * The steered tests' first calls, where the stops are made; the rest of their hundreds of
 * thousands run unsteered, at the plain traffic's speed.
 */
const STEERED_CALLS = 2_000;

/** Four producers put 100,000 items each into `queue`, all at the same time. */
const fourProducers = (queue: BlockingQueue) =>
  runWorkers(QUEUE_WORKER, 4, (producer) => ({
    role: 'producer',
    queue: queue.buffer,
    producer,
    items: 100_000,
  }));

test('ten producer workers and one consumer worker: each of the 100 items arrives exactly once', async () => {
  // The main thread only creates the queue and waits: everything passes between workers. The
  // consumer falls asleep on the empty queue before the producers start, and the producers on the
  // full queue before the consumer takes more than one item (./sleep-first.ts). In between, a few
  // producers are held just before a notify until the consumer has taken their item and sleeps on
  // the empty queue again (./late-notify.ts): a get that does not look at the count again after
  // that wake-up takes an item twice in every run, where the scheduler made such a late notify
  // in some gradings only (one job in five once).
  const queue = BlockingQueue.create(8);
  const [report] = await runTraffic({
    queue: queue.buffer,
    producers: 10,
    itemsEach: 10,
    consumers: 1,
    worker: WAKE_STEERED_WORKER,
    workerData: sleepFirst(10, 1, 8, { lateNotify: true }),
  });
  because(
    'the consumer worker must receive every item the producer workers put, once each (observed: how many it received, which items were missing or came twice, and values nobody put)',
    () =>
      expect(delivery(report.received!, allItems(10, 10))).toEqual(
        perfectDelivery(allItems(10, 10)),
      ),
  );
});

test("a consumer gets each producer's items in the order that producer put them", async () => {
  // Each side asleep in turn first, as above. And at the end, the four producers asleep in their
  // last puts on the full queue, the first one woken stopped until the consumer has taken a
  // second item (./last-puts.ts): every get must wake a sleeping put, and a queue whose get wakes
  // one only when it found the queue full leaves three producers asleep for good in every run
  // (earlier, the woken producer filled the queue again while it had items left, and the wake-up
  // was lost in some runs only). In between, a few producers are held just before a notify until
  // the consumer has taken their item and sleeps on the empty queue again (./late-notify.ts): a
  // get that does not look at the count again after that wake-up takes an item twice in every
  // run, where the scheduler made such a late notify in about one run in twenty.
  const queue = BlockingQueue.create(4);
  const [report] = await runTraffic({
    queue: queue.buffer,
    producers: 4,
    itemsEach: 50,
    consumers: 1,
    worker: WAKE_STEERED_WORKER,
    workerData: sleepFirst(4, 1, 4, { lastPutsAsleep: true, lateNotify: true }),
  });
  because(
    'first in, first out: an item a producer put earlier must come out before its later ones',
    () => expect(firstOrderViolation([report.received!])).toBeUndefined(),
  );
  because('and every item must arrive exactly once', () =>
    expect(delivery(report.received!, allItems(4, 50))).toEqual(perfectDelivery(allItems(4, 50))),
  );
});

test('put on a full queue waits for room instead of overwriting', async () => {
  const capacity = 4;
  const queue = BlockingQueue.create(capacity);
  const progress = new SharedArrayBuffer(4);
  const puts = new Int32Array(progress);
  // The steered worker only says when it sleeps on the queue's memory (nothing is stopped).
  const producer = startWatched(
    { role: 'producer', queue: queue.buffer, producer: 0, items: 12, progress },
    capacity,
  );
  // Filling the queue up to its capacity must never wait. The fifth put must, and the gets below
  // come once it is asleep: a get that does not wake a sleeping put leaves it asleep in every run.
  await until(() => Atomics.load(puts, 0) >= capacity);
  await producer.asleep();
  because(
    `nobody has taken anything yet, so only ${capacity} puts may have returned: the fifth must wait for room`,
    () => expect(Atomics.load(puts, 0)).toBe(capacity),
  );
  because('a full queue holds exactly its capacity', () => expect(queue.size).toBe(capacity));
  // Each get once the producer has had room for that item: the main thread never waits in get()
  // for a put that is asleep (the hang watch ends the test instead).
  const received: number[] = [];
  while (received.length < 12) {
    await until(() => Atomics.load(puts, 0) > received.length || producer.over());
    if (Atomics.load(puts, 0) <= received.length) break;
    received.push(queue.get());
  }
  because('once there is room again, the waiting puts continue; nothing was overwritten', () =>
    expect(received).toEqual(allItems(1, 12)),
  );
  await producer.finished;
});

test('get on an empty queue waits for an item instead of returning at once', async () => {
  const queue = BlockingQueue.create(4);
  const ready = new SharedArrayBuffer(4);
  // The steered worker only says when it sleeps on the queue's memory (nothing is stopped): each
  // item is put once the consumer is asleep in a wait it entered after the last put, so a put that
  // does not wake a sleeping get fails every run. Each, not only the first: the worker is counted
  // asleep from just before its Atomics.wait, and one descheduled there for the whole settle finds
  // the item already put when it calls wait ('not-equal'), takes it unwoken, and must sleep in a
  // new wait before the next item comes.
  const consumer = startWatched({ role: 'consumer', queue: queue.buffer, items: 3, ready }, 4);
  await until(() => Atomics.load(new Int32Array(ready), 0) === 1);
  let waitsBefore = 0;
  for (const item of [11, 22, 33]) {
    await consumer.asleep(waitsBefore);
    waitsBefore = consumer.waits();
    queue.put(item);
  }
  const { received } = await consumer.finished;
  because(
    'the consumer called get() three times on an empty queue: each call must wait until an item is put, then return that item',
    () => expect(received).toEqual([11, 22, 33]),
  );
  because('the consumer took all three items', () => expect(queue.size).toBe(0));
});

test('items keep first-in first-out order while the ring wraps around many times', () => {
  for (const capacity of [1, 2, 3, 5]) {
    const queue = BlockingQueue.create(capacity);
    const model: number[] = [];
    const expected: string[] = [];
    const actual: string[] = [];
    let next = 1;
    for (let round = 0; round < 12; round++) {
      // Fill up to capacity, then take about half: the slots in use move around the ring.
      while (model.length < capacity) {
        queue.put(next);
        model.push(next);
        next++;
      }
      for (let taken = 0; taken < Math.ceil(capacity / 2); taken++) {
        actual.push(`got ${queue.get()}, size ${queue.size}`);
        const item = model.shift();
        expected.push(`got ${item}, size ${model.length}`);
      }
    }
    because(
      `with capacity ${capacity}, the slot after the last one is the first one again: items must come out in the order they went in`,
      () => expect(actual).toEqual(expected),
    );
  }
});

test('four producers putting at the same time into a roomy queue lose and duplicate nothing', async () => {
  // Room for everything, so no put ever waits and the producers collide on the tail; the
  // preempters interrupt them at random points so a collision shows even on a busy machine.
  const sent = allItems(4, 100_000);
  const queue = BlockingQueue.create(sent.length);
  const preempters = startPreempters(4);
  try {
    await fourProducers(queue);
  } finally {
    await preempters.stop();
  }
  because('all four producers have finished, so their 400,000 items must all be in the queue', () =>
    expect(queue.size).toBe(sent.length),
  );
  const tally = createTally(4);
  const [report] = await runTraffic({
    queue: queue.buffer,
    producers: 0,
    itemsEach: 0,
    consumers: 1,
    prefilled: sent.length,
    tally,
  });
  because(
    'the four producers never waited (the queue had room for everything), so each of their 400,000 items must come out exactly once (observed: how many came out, which were missing or came twice, and values nobody put)',
    () =>
      expect(tallied(tally, report.count!, sent, report.notItems!)).toEqual(perfectDelivery(sent)),
  );
});

test('consumers taking from the same queue at the same time never receive the same item', async () => {
  // The consumers' first calls are steered (./wake-steer.ts, read stops): a get that reads the
  // queue's memory before it could hold a lock is stopped just after that read until another
  // consumer's get has returned. Left to the preempters, two consumers read the same front index
  // in some runs only; stopped after its read of the front (or of the item there), a get that
  // acts on it without the lock takes the item the other consumer has just taken, in every run. A
  // get that takes the lock first makes no such read and is never stopped; any other stop is
  // bounded, so a correct design is slowed, never failed.
  const sent = allItems(4, 100_000);
  const queue = BlockingQueue.create(sent.length);
  await fourProducers(queue);
  const tally = createTally(4);
  const consumers = 4;
  const reports = await runTraffic({
    queue: queue.buffer,
    producers: 0,
    itemsEach: 0,
    consumers,
    prefilled: sent.length,
    tally,
    preempters: 4,
    worker: WAKE_STEERED_WORKER,
    workerData: {
      steer: createWakeSteer(),
      producers: 0,
      consumers,
      capacity: sent.length,
      readStops: READ_STOPS,
      steeredCalls: STEERED_CALLS,
    },
  });
  const received = reports.reduce((sum, report) => sum + report.count!, 0);
  const notItems = reports.flatMap((report) => report.notItems!);
  because(
    'the four consumers together must receive each of the 400,000 items exactly once (observed: how many they received, which items were missing or came twice, and values nobody put)',
    () => expect(tallied(tally, received, sent, notItems)).toEqual(perfectDelivery(sent)),
  );
});

test('stress: ten producers put 10,000 items each through a queue of capacity 16 to two consumers, none lost or duplicated', async () => {
  // Steered as the generated schedules are (./wake-steer.ts), so that what the crowd catches only
  // when the scheduler happens to interleave so is caught in every run: the first wake-ups of
  // each side (a woken get or put is stopped where it goes back for the lock until a peer has
  // taken what it was woken for: `if` instead of `while`, or a count read before the lock, then
  // takes an empty slot or fills a full one), and the first unlocked reads (a put or get stopped
  // just after reading the queue's memory before it could hold a lock, until a peer's call has
  // returned: a back or front index read so writes a slot a peer has just written or takes an
  // item a peer has just taken). Every stop is bounded: a correct design is slowed, never failed.
  const producers = 10;
  const consumers = 2;
  const capacity = 16;
  const sent = allItems(producers, 10_000);
  const queue = BlockingQueue.create(capacity);
  const tally = createTally(producers);
  const reports = await runTraffic({
    queue: queue.buffer,
    producers,
    itemsEach: 10_000,
    consumers,
    tally,
    worker: WAKE_STEERED_WORKER,
    workerData: {
      steer: createWakeSteer(),
      producers,
      consumers,
      capacity,
      readStops: READ_STOPS,
      steeredCalls: STEERED_CALLS,
    },
  });
  const received = reports.reduce((sum, report) => sum + report.count!, 0);
  const notItems = reports.flatMap((report) => report.notItems!);
  because('all 100,000 items must arrive, each exactly once', () =>
    expect(tallied(tally, received, sent, notItems)).toEqual(perfectDelivery(sent)),
  );
  because("and each consumer sees each producer's items in the order they were put", () =>
    expect(reports.map((report) => report.orderViolation)).toEqual([undefined, undefined]),
  );
  because('everything put was taken, so the queue is empty', () => expect(queue.size).toBe(0));
});
