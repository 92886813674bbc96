import * as path from 'path';
import { Worker } from 'worker_threads';
import { because } from '@course/testkit';
import { BlockingQueue } from '@subject/ex04-worker-queue/blocking-queue';
import { allItems, createTally, delivery, perfectDelivery, tallied } from '../tests/queue-items';
import { pause, runTraffic, until } from '../tests/queue-traffic';
import { ECHO, putterItem } from './waiter-protocol';
import { PausedConsumerData, READY, RECEIVED } from './paused-consumer-protocol';
import { createWakeSteer } from './wake-steer-protocol';
import { WAKE_STEERED_WORKER } from './steered-workers';
import { ON_ITS_WAY_LIMIT_MS, ROUNDS, SETTLE_MS, startWaiter } from './waiter-rounds';
import { FIRST_ITEM, OTHER_ITEM, signalAfterItsNotify } from './stepped-pair';

const PAUSED_CONSUMER = path.join(__dirname, 'paused-consumer.ts');
/** Five sleepers on two cores: a longer look before each is taken to be asleep. */
const TAKER_SETTLE_MS = 100;
/** The five-consumers test's rounds in which one consumer is late to sleep (see there). */
const STEERED_TAKER_ROUNDS = [1, 4];

test('a get woken for an item that another thread takes first goes back to waiting', async () => {
  // Capacity 1. The worker sleeps in get() on the empty queue; the main thread puts one item and
  // takes it straight back, before the woken worker can run: the worker is stopped just after its
  // wait returns (even rounds) or where it next goes for the lock (odd rounds; any thread may be
  // paused at either) until the main thread has its item back. The worker must find the queue
  // empty again and keep waiting: a get that does not check again after waking, or that checked
  // the count before taking the lock, takes an item that is not there.
  const queue = BlockingQueue.create(1);
  const waiter = startWaiter('getter', queue);
  for (let round = 0; round < ROUNDS; round++) {
    await waiter.startRound(round);
    const first = 100 + round;
    waiter.holdInRound(round);
    queue.put(first);
    await waiter.heldAfterWake(round);
    // A queue that hands the item straight to the sleeping get holds none now: let the worker
    // take it first, or this get would wait for the worker's ECHO while the worker is stopped.
    if (queue.size === 0) waiter.goOn();
    const mine = queue.get();
    waiter.goOn();
    if (mine === ECHO) {
      // The worker took `first` before the main thread could (and put ECHO back): fine, but this
      // round shows nothing about re-checking.
      const report = await waiter.reportOf(round);
      because(`round ${round}: the worker's get() returned the only item put, ${first}`, () =>
        expect(report.item).toBe(first),
      );
      continue;
    }
    because(`round ${round}: the main thread's get() returns the item it just put`, () =>
      expect(mine).toBe(first),
    );
    await pause(SETTLE_MS);
    because(
      `round ${round}: the waiting get() was woken by the put of ${first}, but the main thread took that item first; the queue was empty again, so the woken get() must keep waiting (observed: what it returned, and the size)`,
      () =>
        expect({
          wokenGetReturned: waiter.reports[round]?.item ?? 'nothing yet: still waiting',
          size: queue.size,
        }).toEqual({ wokenGetReturned: 'nothing yet: still waiting', size: 0 }),
    );
    const second = 200 + round;
    queue.put(second);
    const report = await waiter.reportOf(round);
    because(`round ${round}: the next item put, ${second}, goes to the waiting get()`, () =>
      expect(report.item).toBe(second),
    );
    because(`round ${round}: the worker put ${ECHO} back after its get()`, () =>
      expect(queue.get()).toBe(ECHO),
    );
  }
  // No assertion that some round was judged: a queue that hands each item straight to a sleeping
  // get is correct, and with it the worker wins every round.
});

test('a put woken for room that another thread fills first goes back to waiting', async () => {
  // Capacity 1. The worker sleeps in put() on the full queue; the main thread takes the item and
  // fills the freed slot itself at once, before the woken worker can run: the worker is stopped
  // just after its wait returns, or where it next goes for the lock, until the main thread has put. The worker must find the queue
  // full again and keep waiting: a put that does not check again after waking writes over the
  // main thread's item.
  const queue = BlockingQueue.create(1);
  const waiter = startWaiter('putter', queue);
  for (let round = 0; round < ROUNDS; round++) {
    const fill = 100 + round;
    const mine = 200 + round;
    queue.put(fill);
    await waiter.startRound(round);
    waiter.holdInRound(round);
    const freed = queue.get();
    because(`round ${round}: the full queue gives back the item that filled it`, () =>
      expect(freed).toBe(fill),
    );
    await waiter.heldAfterWake(round);
    // A queue that moved the sleeping put's item in as the slot was freed is full again: let the
    // worker finish first, or this put would wait for room while the worker is stopped.
    if (queue.size === 1) waiter.goOn();
    queue.put(mine);
    waiter.goOn();
    await pause(SETTLE_MS);
    const taken = queue.get();
    const report = await waiter.reportOf(round);
    because(
      `round ${round}: the main thread put ${mine} into the freed slot; whichever put went first, the main thread's get() must return ${mine} and the worker's get() its own ${putterItem(round)} (a woken put that does not check again writes over the other item)`,
      () =>
        expect({ mainGot: taken, workerGot: report.item, sizeAfter: queue.size }).toEqual({
          mainGot: mine,
          workerGot: putterItem(round),
          sizeAfter: 0,
        }),
    );
  }
});

test('a get on its way to sleep is woken by a put that lands at any moment of it', async () => {
  // One consumer worker takes items one at a time and pauses briefly after every atomic write its
  // get() makes, which stretches every gap between publishing state and acting on it. The main
  // thread puts each next item at a different moment after the last one arrived, so over the
  // rounds a put lands in each such gap. A get that reads the wake-up signal only after releasing
  // the queue's lock misses a put made in between, and sleeps next to the item.
  const rounds = 60;
  const pauseMs = 2;
  const queue = BlockingQueue.create(rounds);
  const progress = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const got = new Int32Array(new SharedArrayBuffer(rounds * Int32Array.BYTES_PER_ELEMENT));
  const data: PausedConsumerData = {
    queue: queue.buffer,
    items: rounds,
    pauseMs,
    progress: progress.buffer as SharedArrayBuffer,
    got: got.buffer as SharedArrayBuffer,
  };
  const worker = new Worker(PAUSED_CONSUMER, { workerData: data });
  let failure: Error | undefined;
  let exited = false;
  worker.once('error', (error) => (failure = error));
  worker.once('exit', () => (exited = true));
  await until(() => Atomics.load(progress, READY) === 1 || failure !== undefined || exited);
  because('the consumer worker started', () => expect(failure?.message).toBeUndefined());

  const sent = Array.from({ length: rounds }, (_, round) => 1000 + round);
  const gap = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  let asleepNextToItem: { round: number; itemsInQueue: number } | undefined;
  let round = 0;
  for (; round < rounds; round++) {
    // 0 to 3 of the consumer's pauses after the last item arrived: across its next get().
    Atomics.wait(gap, 0, 0, (round % 7) * (pauseMs / 2));
    queue.put(sent[round]);
    // Synchronous on purpose: the put must not wait for the event loop. A correct get returns
    // within milliseconds; 3 s without it means nothing will wake the consumer.
    Atomics.wait(progress, RECEIVED, round, 3000);
    if (Atomics.load(progress, RECEIVED) === round) {
      asleepNextToItem = { round: round + 1, itemsInQueue: queue.size };
      break;
    }
  }
  for (round++; round < rounds; round++) queue.put(sent[round]);
  // A consumer found asleep next to an item has failed already (judged below, by round): it is
  // stopped now, since waiting for it to finish could not change that verdict, only cost time.
  // Any other consumer is given 3 s to finish; one that has not by then is stopped.
  if (!asleepNextToItem) {
    const finishBy = Date.now() + 3000;
    await until(() => exited || failure !== undefined || Date.now() > finishBy);
  }
  const stillRunning = !exited && failure === undefined;
  if (stillRunning) await worker.terminate();
  because(
    `every put must wake the get that is waiting for it, whenever the put lands (observed: in which round of ${rounds} the consumer stayed asleep for 3 s, and the items then in the queue)`,
    () => expect(asleepNextToItem).toBeUndefined(),
  );
  because(
    'the consumer worker ran to the end without failing (observed: its error, and whether it was still waiting in get() 3 s after the last put)',
    () =>
      expect({ error: failure?.message, stillRunning }).toEqual({
        error: undefined,
        stillRunning: false,
      }),
  );
  because('one consumer gets the items in the order they were put', () =>
    expect(Array.from(got)).toEqual(sent),
  );
});

test('five consumers waiting on an empty queue are all woken when five items are put at once', async () => {
  // Five sleeping consumers, more than this machine's cores; the main thread puts five items
  // back to back, faster than a woken consumer usually gets to take one. Each put must wake a
  // consumer: waking only when the queue was empty before, or waking one thread for several
  // items, leaves consumers asleep next to items. A woken consumer that runs at once (the
  // scheduler may let it cut in before the next put) hides the mistake for one round, so the
  // hand-over is repeated with the same five consumers asleep again each round.
  //
  // In the steered rounds one consumer is stopped on its way to sleep (it found the queue empty
  // and released the lock) while the first item is put, and goes on only once a sleeping
  // consumer, woken by that put, has taken the item; the next put waits until it has returned or
  // is asleep again. Its wait returns at once (what it waits on changed), and the queue is empty
  // again: a correct get checks again and sleeps until the next put. A get that checks with `if`
  // instead of `while` takes a slot that holds no item.
  // Left to the scheduler, a consumer was late to sleep in only some runs, so the same copy of
  // that mistake lost these points in one grading and kept them in the next; the stop makes the
  // late consumer happen in every run. It is bounded (2 s in the worker, and the wait for the
  // woken consumer here is bounded too), so a design that must let the stopped consumer act
  // first (one that hands the item to it) is slowed, never failed.
  const consumers = 5;
  const rounds = 6;
  const queue = BlockingQueue.create(8);
  const takers = Array.from({ length: consumers }, () => startWaiter('taker', queue, rounds));
  const sent: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const steered = STEERED_TAKER_ROUNDS.includes(round);
    const late = steered ? takers[round % consumers] : undefined;
    const asleep = takers.filter((taker) => taker !== late);
    await Promise.all(asleep.map((taker) => taker.startRound(round, TAKER_SETTLE_MS)));
    const stopped = late ? await late.startRoundOnItsWay(round) : false;
    const items = Array.from({ length: consumers }, (_, index) => 100 * (round + 1) + index);
    const returned = () => takers.filter((taker) => taker.reports.length > round).length;
    let next = 0;
    if (late) {
      queue.put(items[next++]);
      if (stopped) {
        const tookIt = Date.now() + ON_ITS_WAY_LIMIT_MS / 2;
        await until(
          () => asleep.some((taker) => taker.reports.length > round) || Date.now() > tookIt,
        );
      }
      // Before the next put: a late consumer that took the lock after it would find an item.
      await late.goOnToSleep(round);
    }
    while (next < consumers) queue.put(items[next++]);
    sent.push(...items);
    // Every consumer normally returns within milliseconds; a consumer that was never woken never
    // will. Waiting a few seconds tells the two apart on a busy machine.
    const deadline = Date.now() + 4000;
    await until(() => returned() === consumers || Date.now() > deadline);
    takers.forEach((taker) => taker.checkAlive());
    because(
      `round ${round + 1} of ${rounds}: after ${consumers} puts, every one of the ${consumers} sleeping consumers must have been woken and returned an item (observed: how many returned, and how many items were left in the queue)`,
      () =>
        expect({ consumersReturned: returned(), itemsLeftInQueue: queue.size }).toEqual({
          consumersReturned: consumers,
          itemsLeftInQueue: 0,
        }),
    );
    if (late) {
      const receivedThisRound = takers.map((taker) => taker.reports[round].item);
      because(
        `round ${round + 1} of ${rounds}: one consumer was on its way to sleep when the first item was put, and a consumer woken by that put took it; the queue was empty again, so the late consumer had to wait for a later put. Each of the ${consumers} consumers must return a different one of the ${consumers} items put in this round (observed: items missing, coming twice, or never put)`,
        () => expect(delivery(receivedThisRound, items)).toEqual(perfectDelivery(items)),
      );
    }
  }
  const received = takers.flatMap((taker) => taker.reports.map((report) => report.item));
  because('each item went to exactly one consumer', () =>
    expect(delivery(received, sent)).toEqual(perfectDelivery(sent)),
  );
});

test('capacity 1 with four producers and four consumers, most of them asleep at any moment: every item arrives', async () => {
  // Eight workers on one slot: almost every put and get has to sleep, and puts and gets wake each
  // other all the time. A wake-up that goes to the wrong side (a put waking a sleeping put) or
  // gets lost leaves everyone asleep with items still to move. The first wake-ups of each side are
  // steered (./wake-steer.ts): the woken get (put) is stopped where it goes back for the lock
  // until another consumer (producer) has taken the item (filled the slot) it was woken for, so a
  // get or put that does not check again after waking, or checked before the lock, takes an empty
  // slot (fills a full one) in every run.
  const producers = 4;
  const itemsEach = 1_000;
  const sent = allItems(producers, itemsEach);
  const queue = BlockingQueue.create(1);
  const tally = createTally(producers);
  const counts = new Int32Array(tally);
  const arrived = () => counts.reduce((sum, count) => sum + count, 0);
  /**
   * Progress, read from the cells of the items put only (4,000 of the tally's 400,000), so that it
   * can be read every few milliseconds: a main thread busy summing the whole tally never looks
   * idle, and the hang watch could not call a deadlock hung.
   */
  const arrivedOfItemsPut = () => {
    let sum = 0;
    for (const item of sent) sum += counts[item];
    return sum;
  };
  let stalled: { arrived: number; size: number } | undefined;
  const consumers = 4;
  const run = runTraffic({
    queue: queue.buffer,
    producers,
    itemsEach,
    consumers,
    tally,
    worker: WAKE_STEERED_WORKER,
    workerData: { steer: createWakeSteer(), producers, consumers, capacity: 1 },
  });
  let finished = false;
  run.then(
    () => (finished = true),
    () => (finished = true),
  );
  // A stall is no progress at all for 5 s once items have started to arrive (starting eight
  // workers can take seconds on a busy machine): correct code moves thousands of items a second.
  // Everyone asleep for good is called hung by the hang watch before that; the 5 s are for
  // workers that stall while they still run (a time-out that never finds the item, a spin).
  let last = 0;
  let lastChange = Date.now();
  const stalledNow = () => {
    const now = arrivedOfItemsPut();
    if (now !== last) {
      last = now;
      lastChange = Date.now();
      return false;
    }
    return now > 0 && Date.now() - lastChange > 5000;
  };
  await until(() => finished || stalledNow());
  if (!finished) stalled = { arrived: arrived(), size: queue.size };
  because(
    `every worker must keep moving until all ${sent.length} items have arrived (observed: items that had arrived, and the queue's size, when nothing had moved for 5 s)`,
    () => expect(stalled).toBeUndefined(),
  );
  const reports = await run;
  const received = reports.reduce((sum, report) => sum + report.count!, 0);
  const notItems = reports.flatMap((report) => report.notItems!);
  because(`all ${sent.length} items arrive, each exactly once`, () =>
    expect(tallied(tally, received, sent, notItems)).toEqual(perfectDelivery(sent)),
  );
});

test('a thread on its way to sleep is woken even when the put or get it waits for pauses right after its notify', async () => {
  const forGet = await signalAfterItsNotify(false);
  because(
    "a get() on the empty queue had released the queue's lock and was about to sleep when a put() added an item; the put() was paused just after its first Atomics.notify, while the get() fell asleep, and then finished. The get() must wake and return the item: change what the waiter waits on before notifying (observed: whether each call returned, what the get() returned, the size after, and any error)",
    () =>
      expect(forGet).toEqual({
        waiterReturned: true,
        otherReturned: true,
        got: OTHER_ITEM,
        sizeAfter: 0,
        errors: [],
      }),
  );
  const forPut = await signalAfterItsNotify(true);
  because(
    "a put() on the full queue had released the queue's lock and was about to sleep when a get() took the item; the get() was paused just after its first Atomics.notify, while the put() fell asleep, and then finished. The put() must wake and add its item: change what the waiter waits on before notifying (observed: whether each call returned, what the get() returned, the size after, and any error)",
    () =>
      expect(forPut).toEqual({
        waiterReturned: true,
        otherReturned: true,
        got: FIRST_ITEM,
        sizeAfter: 1,
        errors: [],
      }),
  );
});
