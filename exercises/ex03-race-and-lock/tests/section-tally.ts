// The critical sections of workers counting under the lock, recorded where the code under test
// cannot write. counter[0] is the code's own to write, and so is everything it can find in its
// worker (workerData, the lock's buffer): a check-then-set lock whose unlock() also raised the
// counter to the number of sections so far ended at exactly 10,000,000 every time. So the count
// worker hands countWithLock a view of the mutex that marks each section in cells of a buffer
// taken out of workerData before the code under test loads (this module is the worker's first
// import), and counts what it saw in the view's own closure.
import { isMainThread, workerData } from 'worker_threads';

const { add, sub, load, store } = Atomics;

/** Cells of the tally's buffer. */
/** Workers between lock() returning and calling unlock(). */
const INSIDE = 0;
/** Sections that began while another worker was inside. */
const OVERLAPS = 1;
/** Sections that found counter[0] changed since the last section ended: updated outside the lock. */
const OUTSIDE = 2;
/** counter[0] as the last section left it. */
const LAST_LEFT = 3;
/** Sections in all, added by each worker when it is done. */
const SECTIONS = 4;
const TALLY_CELLS = 5;

/** A tally for workers counting on `counter` (its cells start as the counter stands). */
export function newTally(counter: Int32Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(TALLY_CELLS * Int32Array.BYTES_PER_ELEMENT);
  store(new Int32Array(buffer), LAST_LEFT, load(counter, 0));
  return buffer;
}

interface Lock {
  lock(): void;
  unlock(): void;
  withLock<T>(criticalSection: () => T): T;
}

// Taken out of workerData at load, so the code under test (loaded after this module) never sees it.
const given = isMainThread
  ? undefined
  : (workerData as { tallyBuffer?: SharedArrayBuffer; counterBuffer?: SharedArrayBuffer } | null);
const cells = given?.tallyBuffer && new Int32Array(given.tallyBuffer);
const counter = given?.counterBuffer && new Int32Array(given.counterBuffer);
if (given) delete given.tallyBuffer;

/**
 * In a count worker: the mutex as countWithLock should use it, each section marked in the tally;
 * `done()` adds this worker's sections when countWithLock has returned. The mutex itself when the
 * test gave no tally.
 */
export function tallied<M extends Lock>(mutex: M): { mutex: M; done(): void } {
  if (!cells || !counter) return { mutex, done: () => undefined };
  let sections = 0;
  // The workers inside are counted up and down in atomic steps, so a section that begins while
  // another is inside always sees it (two workers that looked, then wrote, could both find none:
  // the very mistake of a check-then-set lock). The rest is plain reads and writes, which the
  // lock's own atomic steps order, and counts in this closure.
  let overlaps = 0;
  let outside = 0;
  const enter = () => {
    sections++;
    if (add(cells, INSIDE, 1) !== 0) overlaps++;
    else if (counter[0] !== cells[LAST_LEFT]) outside++;
  };
  const leave = () => {
    cells[LAST_LEFT] = counter[0];
    sub(cells, INSIDE, 1);
  };
  const view: Lock = {
    lock: () => {
      mutex.lock();
      enter();
    },
    unlock: () => {
      leave();
      mutex.unlock();
    },
    withLock: (criticalSection) =>
      mutex.withLock(() => {
        enter();
        try {
          return criticalSection();
        } finally {
          leave();
        }
      }),
  };
  // What else countWithLock may read of the mutex it was given (its buffer) reads through.
  const seen = new Proxy(mutex, {
    get: (target, key) =>
      key in view ? view[key as keyof Lock] : (Reflect.get(target, key, target) as unknown),
  });
  const done = () => {
    add(cells, SECTIONS, sections);
    add(cells, OVERLAPS, overlaps);
    add(cells, OUTSIDE, outside);
  };
  return { mutex: seen, done };
}

/**
 * What the tally says about workers that each called countWithLock on one counter and one mutex,
 * once they are all done: why the lock did not exclude, or undefined when every section had the
 * lock to itself and every update of counter[0] was made inside one.
 */
export function tallyProblem(buffer: SharedArrayBuffer, finalCount: number): string | undefined {
  const tally = new Int32Array(buffer);
  const overlaps = load(tally, OVERLAPS);
  const sections = load(tally, SECTIONS);
  if (overlaps > 0)
    return `${overlaps.toLocaleString('en-US')} of the ${sections.toLocaleString('en-US')} critical sections began while another worker was still inside one (seen by the test between lock() returning and unlock() being called, whatever counter[0] says): two workers held the lock at the same moment. A worker may go in only after it has itself changed the shared state from free to held in one atomic step; finding it free is not enough, nor is having been woken`;
  if (sections === 0)
    return 'countWithLock never took the mutex it was given: each update must be made while holding it';
  if (load(tally, OUTSIDE) > 0 || load(tally, LAST_LEFT) !== finalCount)
    return 'counter[0] changed while no worker held the mutex: countWithLock must make every update, and nothing else may write counter[0], inside lock() ... unlock()';
  return undefined;
}
