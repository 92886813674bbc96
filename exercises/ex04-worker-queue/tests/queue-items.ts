// How the tests number items, and how they judge what the consumers received.

const PER_PRODUCER = 100_000;

/** Item `seq` of producer `producer`: both can be read back from the number. */
export const itemOf = (producer: number, seq: number) => producer * PER_PRODUCER + seq;
export const producerOf = (item: number) => Math.floor(item / PER_PRODUCER);
export const seqOf = (item: number) => item % PER_PRODUCER;

/** Every item the producers put, in producer order. */
export function allItems(producers: number, itemsEach: number): number[] {
  const items: number[] = [];
  for (let producer = 0; producer < producers; producer++) {
    for (let seq = 0; seq < itemsEach; seq++) items.push(itemOf(producer, seq));
  }
  return items;
}

/** A shared count per item number, for consumers to tally what they receive (see queue-worker). */
export const createTally = (producers: number) =>
  new SharedArrayBuffer(producers * PER_PRODUCER * Int32Array.BYTES_PER_ELEMENT);

export interface Delivery {
  received: number;
  missing: number;
  duplicated: number;
  /** A few values that came out of the queue although nobody put them. */
  neverPut: unknown[];
  /** A few items that were put and never came out. */
  examplesMissing: number[];
  /** A few items that came out more than once. */
  examplesDuplicated: number[];
}

/** Compares what came out (all consumers together) with what went in. */
export function delivery(received: unknown[], sent: number[]): Delivery {
  const expected = new Set(sent);
  const times = new Map<number, number>();
  const neverPut: unknown[] = [];
  for (const value of received) {
    if (typeof value === 'number' && expected.has(value)) {
      times.set(value, (times.get(value) ?? 0) + 1);
    } else if (neverPut.length < 5) {
      neverPut.push(value);
    }
  }
  return summarise(received.length, sent, (item) => times.get(item) ?? 0, neverPut);
}

/** The same comparison from a tally the consumers filled, and the values they saw that were not items. */
export function tallied(
  tally: SharedArrayBuffer,
  received: number,
  sent: number[],
  notItems: unknown[],
): Delivery {
  const counts = new Int32Array(tally);
  const expected = new Set(sent);
  const neverPut = [...notItems];
  for (let item = 0; item < counts.length && neverPut.length < 5; item++) {
    if (counts[item] > 0 && !expected.has(item)) neverPut.push(item);
  }
  return summarise(received, sent, (item) => counts[item], neverPut.slice(0, 5));
}

function summarise(
  received: number,
  sent: number[],
  timesOf: (item: number) => number,
  neverPut: unknown[],
): Delivery {
  const missing: number[] = [];
  const duplicated: number[] = [];
  for (const item of sent) {
    const times = timesOf(item);
    if (times === 0) missing.push(item);
    if (times > 1) duplicated.push(item);
  }
  return {
    received,
    missing: missing.length,
    duplicated: duplicated.length,
    neverPut,
    examplesMissing: missing.slice(0, 5),
    examplesDuplicated: duplicated.slice(0, 5),
  };
}

/** What a perfect delivery of `sent` looks like, to compare `delivery(...)` with. */
export function perfectDelivery(sent: number[]): Delivery {
  return {
    received: sent.length,
    missing: 0,
    duplicated: 0,
    neverPut: [],
    examplesMissing: [],
    examplesDuplicated: [],
  };
}

/** Watches one consumer's items: a first-in first-out queue never hands out a producer's items out of order. */
export class OrderWatch {
  private readonly lastSeq = new Map<number, number>();

  /** The violation this item makes, if any. */
  see(item: number) {
    const producer = producerOf(item);
    const previous = this.lastSeq.get(producer);
    this.lastSeq.set(producer, seqOf(item));
    if (previous !== undefined && seqOf(item) < previous) {
      return { producer, receivedItem: seqOf(item), afterItem: previous };
    }
    return undefined;
  }
}

/** The first order violation in any consumer's list, or undefined when there is none. */
export function firstOrderViolation(received: unknown[][]) {
  for (let consumer = 0; consumer < received.length; consumer++) {
    const watch = new OrderWatch();
    for (const value of received[consumer]) {
      if (typeof value !== 'number') continue;
      const violation = watch.see(value);
      if (violation) return { consumer, ...violation };
    }
  }
  return undefined;
}
