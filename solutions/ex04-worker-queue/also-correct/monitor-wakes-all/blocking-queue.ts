// The whole queue lives in one SharedArrayBuffer, so every worker that attaches to the buffer
// works on the same items and the same counters. Layout, one Int32 cell each:
const LOCK = 0; // 0 free, 1 taken, 2 taken and someone may be waiting (a futex-style mutex)
const HEAD = 1; // slot of the oldest item
const TAIL = 2; // slot the next item goes into
const COUNT = 3; // items in the queue, changed with Atomics so `size` may read it without the lock
const CHANGED = 4; // bumped on every put and get: producers and consumers both sleep on it
const CAPACITY = 5;
const HEADER_CELLS = 6; // the slots follow the header

const FREE = 0;
const TAKEN = 1;
const CONTENDED = 2;

/**
 * A bounded first-in first-out queue of int32 numbers that many worker threads can share.
 * `put` waits while the queue is full and `get` waits while it is empty.
 */
export class BlockingQueue {
  readonly buffer: SharedArrayBuffer;
  readonly capacity: number;
  private readonly cells: Int32Array;

  private constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    this.cells = new Int32Array(buffer);
    this.capacity = this.cells[CAPACITY];
  }

  /** A new, empty queue with room for `capacity` items. */
  static create(capacity: number): BlockingQueue {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    const buffer = new SharedArrayBuffer((HEADER_CELLS + capacity) * Int32Array.BYTES_PER_ELEMENT);
    new Int32Array(buffer)[CAPACITY] = capacity;
    return new BlockingQueue(buffer);
  }

  /** The queue another thread created, reached through its buffer (sent with postMessage). */
  static attach(buffer: SharedArrayBuffer): BlockingQueue {
    return new BlockingQueue(buffer);
  }

  /** Adds `item` at the back, waiting while the queue is full. */
  put(item: number): void {
    this.lock();
    while (Atomics.load(this.cells, COUNT) === this.capacity) this.waitForChange();
    const tail = this.cells[TAIL];
    this.cells[HEADER_CELLS + tail] = item;
    this.cells[TAIL] = (tail + 1) % this.capacity;
    Atomics.add(this.cells, COUNT, 1);
    this.changed();
  }

  /** Removes and returns the item at the front, waiting while the queue is empty. */
  get(): number {
    this.lock();
    while (Atomics.load(this.cells, COUNT) === 0) this.waitForChange();
    const head = this.cells[HEAD];
    const item = this.cells[HEADER_CELLS + head];
    this.cells[HEAD] = (head + 1) % this.capacity;
    Atomics.sub(this.cells, COUNT, 1);
    this.changed();
    return item;
  }

  /** How many items are in the queue right now (already stale when another thread is busy). */
  get size(): number {
    return Atomics.load(this.cells, COUNT);
  }

  /**
   * Called with the lock held: releases it, sleeps until the queue changes, takes it again. The
   * counter is read under the lock, so a change made after the unlock is never slept through.
   */
  private waitForChange(): void {
    const seen = Atomics.load(this.cells, CHANGED);
    this.unlock();
    Atomics.wait(this.cells, CHANGED, seen);
    this.lock();
  }

  /**
   * Called with the lock held after a put or a get: one condition serves both sides, so wake
   * every sleeper; each checks its own condition again and goes back to sleep if it still holds.
   */
  private changed(): void {
    Atomics.add(this.cells, CHANGED, 1);
    this.unlock();
    Atomics.notify(this.cells, CHANGED);
  }

  private lock(): void {
    let seen = Atomics.compareExchange(this.cells, LOCK, FREE, TAKEN);
    while (seen !== FREE) {
      if (
        seen === CONTENDED ||
        Atomics.compareExchange(this.cells, LOCK, TAKEN, CONTENDED) !== FREE
      ) {
        Atomics.wait(this.cells, LOCK, CONTENDED);
      }
      seen = Atomics.compareExchange(this.cells, LOCK, FREE, CONTENDED);
    }
  }

  private unlock(): void {
    if (Atomics.exchange(this.cells, LOCK, FREE) === CONTENDED) Atomics.notify(this.cells, LOCK, 1);
  }
}
