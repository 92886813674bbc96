// The whole queue lives in one SharedArrayBuffer. Two counting semaphores do the waiting: FREE
// counts the empty slots and FILLED the items. put takes a FREE permit before it writes and gives
// a FILLED one after, get the other way round; the mutex only guards the ring's indices.
const LOCK = 0; // 0 free, 1 taken
const HEAD = 1; // slot of the oldest item
const TAIL = 2; // slot the next item goes into
const COUNT = 3; // items in the queue, for size
const FREE = 4; // semaphore: slots a put may still fill
const FILLED = 5; // semaphore: items a get may still take
const CAPACITY = 6;
const HEADER_CELLS = 7; // the slots follow the header

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
    const cells = new Int32Array(buffer);
    cells[CAPACITY] = capacity;
    cells[FREE] = capacity;
    return new BlockingQueue(buffer);
  }

  /** The queue another thread created, reached through its buffer (sent with postMessage). */
  static attach(buffer: SharedArrayBuffer): BlockingQueue {
    return new BlockingQueue(buffer);
  }

  /** Adds `item` at the back, waiting while the queue is full. */
  put(item: number): void {
    this.down(FREE);
    this.lock();
    const tail = this.cells[TAIL];
    this.cells[HEADER_CELLS + tail] = item;
    this.cells[TAIL] = (tail + 1) % this.capacity;
    Atomics.add(this.cells, COUNT, 1);
    this.unlock();
    this.up(FILLED);
  }

  /** Removes and returns the item at the front, waiting while the queue is empty. */
  get(): number {
    this.down(FILLED);
    this.lock();
    const head = this.cells[HEAD];
    const item = this.cells[HEADER_CELLS + head];
    this.cells[HEAD] = (head + 1) % this.capacity;
    Atomics.sub(this.cells, COUNT, 1);
    this.unlock();
    this.up(FREE);
    return item;
  }

  /** How many items are in the queue right now. */
  get size(): number {
    return Atomics.load(this.cells, COUNT);
  }

  /** Takes one permit, sleeping while there is none. */
  private down(semaphore: number): void {
    for (;;) {
      const permits = Atomics.load(this.cells, semaphore);
      if (permits === 0) Atomics.wait(this.cells, semaphore, 0);
      else if (Atomics.compareExchange(this.cells, semaphore, permits, permits - 1) === permits)
        return;
    }
  }

  /** Gives one permit back and wakes one sleeper to take it. */
  private up(semaphore: number): void {
    Atomics.add(this.cells, semaphore, 1);
    Atomics.notify(this.cells, semaphore, 1);
  }

  private lock(): void {
    while (Atomics.compareExchange(this.cells, LOCK, 0, 1) !== 0) Atomics.wait(this.cells, LOCK, 1);
  }

  private unlock(): void {
    Atomics.store(this.cells, LOCK, 0);
    Atomics.notify(this.cells, LOCK, 1);
  }
}
