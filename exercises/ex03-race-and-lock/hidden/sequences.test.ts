import * as path from 'path';
import { Worker } from 'worker_threads';
import { because } from '@course/testkit';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';
import type { RelockJob } from './relock-worker';

// Sequences of calls on one lock, from several Mutex objects and threads: the README's lock has no
// owner and keeps its whole state in the buffer, so no object may remember that it holds the lock.

const RELOCK_WORKER = path.join(__dirname, 'relock-worker.ts');
/** Longer than any plausible give-up hidden in a wait. */
const WATCH_MS = 2000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function start(job: Omit<RelockJob, 'flags' | 'unlockReturned'> & { flags?: SharedArrayBuffer }) {
  const flags = job.flags ?? new SharedArrayBuffer(8);
  const unlockReturned = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const worker = new Worker(RELOCK_WORKER, { workerData: { ...job, flags, unlockReturned } });
  const said: string[] = [];
  const errors: string[] = [];
  worker.on('message', (message: string) => said.push(message));
  worker.on('error', (error) => errors.push(String(error)));
  /** Tells a worker woken by this unlock that it has returned (./woken-after-unlock.ts). */
  const unlockHasReturned = () => {
    const cell = new Int32Array(unlockReturned);
    Atomics.store(cell, 0, 1);
    Atomics.notify(cell, 0);
  };
  return { said, errors, flags, unlockReturned, unlockHasReturned };
}

/** A woken thread is not kept waiting for an unlock() longer than this: slowed, never stopped. */
const HOLD_LIMIT_MS = 2000;

/**
 * Runs `call` on the main thread with its waits on `lockBuffer` going on, once ended by a notify,
 * only when the worker says its unlock() has returned: what this thread then finds does not depend
 * on how far that unlock() had got (the wake-up test steers that moment, every run). A subject that
 * took Atomics.wait aside at load time is not slowed, which changes nothing for a correct lock.
 */
function wokenOnlyAfterUnlockReturns(
  lockBuffer: SharedArrayBuffer,
  unlockReturned: SharedArrayBuffer,
  call: () => void,
): void {
  const returned = new Int32Array(unlockReturned);
  const wait = Atomics.wait;
  Atomics.wait = ((array: Int32Array, index: number, value: number, timeout?: number) => {
    const outcome = wait(array, index, value, timeout);
    if (array.buffer === lockBuffer && outcome === 'ok') {
      const giveUpAt = Date.now() + HOLD_LIMIT_MS;
      while (Atomics.load(returned, 0) === 0 && Date.now() < giveUpAt)
        wait(returned, 0, 0, giveUpAt - Date.now());
    }
    return outcome;
  }) as typeof Atomics.wait;
  try {
    call();
  } finally {
    Atomics.wait = wait;
  }
}

async function until(done: () => boolean, ms: number): Promise<void> {
  for (let waited = 0; waited < ms && !done(); waited += 10) await sleep(10);
}

test('a thread that holds the lock and calls lock() again waits until someone unlocks (watched for 2 s)', async () => {
  const lockBuffer = new Mutex().buffer;
  const worker = start({ mode: 'twice', lockBuffer });
  await until(() => worker.said.length > 0 || worker.errors.length > 0, 5000);
  because('the worker must take the free lock', () =>
    expect(worker).toMatchObject({ said: ['locked'], errors: [] }),
  );
  await sleep(WATCH_MS);
  because(
    `the lock has no owner: a second lock() by the thread holding it must wait like any other, and still be waiting after ${WATCH_MS / 1000} s`,
    () => expect(worker).toMatchObject({ said: ['locked'], errors: [] }),
  );
  new Mutex(lockBuffer).unlock();
  worker.unlockHasReturned();
  await until(() => worker.said.length > 1, 5000);
  because('once another thread unlocks it, the waiting lock() must take it', () =>
    expect(worker).toMatchObject({ said: ['locked', 'locked again'], errors: [] }),
  );
});

test('a Mutex that locked, after its lock was released through another Mutex, waits like any other', async () => {
  const mine = new Mutex();
  const other = new Mutex(mine.buffer);
  mine.lock();
  other.unlock(); // released through another object on the same buffer: the lock is free now
  const worker = start({ mode: 'hold', lockBuffer: mine.buffer });
  await until(() => worker.said.length > 0 || worker.errors.length > 0, 5000);
  because('a worker must take the lock, which is free', () =>
    expect(worker).toMatchObject({ said: ['locked'], errors: [] }),
  );
  // The worker holds it: this must wait until the worker has unlocked.
  wokenOnlyAfterUnlockReturns(mine.buffer, worker.unlockReturned, () => mine.lock());
  const flags = new Int32Array(worker.flags);
  const releasedFirst = Atomics.load(flags, 0);
  mine.unlock();
  because(
    'lock() through the first Mutex must wait for the worker that holds the lock (which sets a flag just before it unlocks): the object must not remember that it once held the lock',
    () => expect(releasedFirst).toBe(1),
  );
});
