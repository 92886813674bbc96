import { because, runWorkers } from '@course/testkit';
import { BlockingQueue } from '@subject/ex04-worker-queue/blocking-queue';
import { allItems, createTally, delivery, perfectDelivery, tallied } from './queue-items';
import { QUEUE_WORKER, runTraffic } from './queue-traffic';
import { createReadStops } from './read-stops';

test('from one thread the queue is first in, first out and counts its items', () => {
  const queue = BlockingQueue.create(4);
  const log: string[] = [];
  const put = (item: number) => {
    queue.put(item);
    log.push(`put ${item} -> size ${queue.size}`);
  };
  const get = () => {
    const item = queue.get();
    log.push(`get ${item} -> size ${queue.size}`);
  };
  log.push(`capacity ${queue.capacity}, size ${queue.size}`);
  put(10);
  put(20);
  put(30);
  get();
  put(40);
  get();
  get();
  get();
  because('items come out in the order they went in, and size counts what is inside', () =>
    expect(log).toEqual([
      'capacity 4, size 0',
      'put 10 -> size 1',
      'put 20 -> size 2',
      'put 30 -> size 3',
      'get 10 -> size 2',
      'put 40 -> size 3',
      'get 20 -> size 2',
      'get 30 -> size 1',
      'get 40 -> size 0',
    ]),
  );
});

test('ten producer workers put ten items each and the main thread gets all 100', async () => {
  const queue = BlockingQueue.create(100);
  await runWorkers(QUEUE_WORKER, 10, (producer) => ({
    role: 'producer',
    queue: queue.buffer,
    producer,
    items: 10,
  }));
  because('every producer has finished, so its 10 items must all be in the queue', () =>
    expect(queue.size).toBe(100),
  );
  const received = Array.from({ length: 100 }, () => queue.get());
  because('each of the 100 items must come out exactly once', () =>
    expect(delivery(received, allItems(10, 10))).toEqual(perfectDelivery(allItems(10, 10))),
  );
  because('after 100 gets the queue is empty again', () => expect(queue.size).toBe(0));
});

test('two producer workers and two consumer workers share a queue of capacity 2: every item arrives once, in order', async () => {
  // Both sides contend for the lock and both have to sleep and be woken all the time: the
  // smallest run in which a queue that is only safe from one thread shows it. A put or get that
  // reads the queue before it locks is stopped there until another one has gone through
  // (./read-stops.ts), so a queue without a lock fails in every run, not only when unlucky. A run
  // whose puts stall is woken, up to 20 times (./wake-stalls.ts): this test judges what arrives,
  // and other tests judge the wake-ups.
  const sent = allItems(2, 2_000);
  const queue = BlockingQueue.create(2);
  const tally = createTally(2);
  const reports = await runTraffic({
    queue: queue.buffer,
    producers: 2,
    itemsEach: 2_000,
    consumers: 2,
    tally,
    preempters: 2,
    wakeStalls: true,
    workerData: { readStops: createReadStops(), producers: 2, consumers: 2 },
  });
  const received = reports.reduce((sum, report) => sum + report.count!, 0);
  const notItems = reports.flatMap((report) => report.notItems!);
  because(
    'each of the 4,000 items must come out exactly once (observed: how many came out, which were missing or came twice, and values nobody put)',
    () => expect(tallied(tally, received, sent, notItems)).toEqual(perfectDelivery(sent)),
  );
  because("each consumer sees each producer's items in the order they were put", () =>
    expect(reports.map((report) => report.orderViolation)).toEqual([undefined, undefined]),
  );
  because('everything put was taken, so the queue is empty', () => expect(queue.size).toBe(0));
});
