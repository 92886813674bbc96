// What a producer and a consumer worker do, given how each makes its put or get: plain calls in
// ./queue-worker.ts; tests may wrap each call (to count or steer it) in workers of their own.
import { OrderWatch, itemOf } from './queue-items';
import type { ConsumerReport, QueueWorkerData } from './queue-worker';

type Producer = Extract<QueueWorkerData, { role: 'producer' }>;
type Consumer = Extract<QueueWorkerData, { role: 'consumer' }>;

/** Puts the producer's items in order, counting each that returned in `progress` if given. */
export function produce(data: Producer, put: (item: number) => void): void {
  const progress = data.progress ? new Int32Array(data.progress) : undefined;
  for (let seq = 0; seq < data.items; seq++) {
    put(itemOf(data.producer, seq));
    if (progress) Atomics.add(progress, 0, 1);
  }
}

/** Gets the consumer's share of the items and says what it received. */
export function consume(data: Consumer, get: () => unknown): ConsumerReport {
  if (data.tally) {
    const tally = new Int32Array(data.tally);
    const order = new OrderWatch();
    const notItems: unknown[] = [];
    let orderViolation: ConsumerReport['orderViolation'];
    for (let count = 0; count < data.items; count++) {
      const item = get();
      if (typeof item === 'number' && Number.isInteger(item) && item >= 0 && item < tally.length) {
        Atomics.add(tally, item, 1);
        orderViolation ??= order.see(item);
      } else if (notItems.length < 5) {
        notItems.push(item);
      }
    }
    return { count: data.items, notItems, orderViolation };
  }
  if (data.ready) Atomics.store(new Int32Array(data.ready), 0, 1);
  const received: unknown[] = [];
  for (let count = 0; count < data.items; count++) received.push(get());
  return { received };
}
