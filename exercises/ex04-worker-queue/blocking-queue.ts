// The whole queue must live in one SharedArrayBuffer: a worker that attaches to the buffer then
// sees the same items and the same counters as every other thread. A suggested layout, one Int32
// cell each (change it if you like; only the public methods below are tested):
const LOCK = 0; // a lock guarding the cells below (see ex03)
const HEAD = 1; // slot of the oldest item
const TAIL = 2; // slot the next item goes into
const COUNT = 3; // how many items are in the queue
const CAPACITY = 4; // how many slots there are
const HEADER_CELLS = 8; // room for more cells you may want; the slots follow the header

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
    // TODO: under the lock, wait while the queue is full, then store `item` in the tail slot,
    // move the tail on (the slot after the last one is slot 0) and count it. Wake a waiting get.
  }

  /** Removes and returns the item at the front, waiting while the queue is empty. */
  get(): number {
    // TODO: under the lock, wait while the queue is empty, then take the item in the head slot,
    // move the head on and count it. Wake a waiting put.
    return 0;
  }

  /** How many items are in the queue right now. */
  get size(): number {
    // TODO: read the count.
    return 0;
  }
}
