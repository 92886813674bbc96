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

function start(job: Omit<RelockJob, 'flags'> & { flags?: SharedArrayBuffer }) {
  const flags = job.flags ?? new SharedArrayBuffer(8);
  const worker = new Worker(RELOCK_WORKER, { workerData: { ...job, flags } });
  const said: string[] = [];
  const errors: string[] = [];
  worker.on('message', (message: string) => said.push(message));
  worker.on('error', (error) => errors.push(String(error)));
  return { said, errors, flags };
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
  mine.lock(); // the worker holds it: this must wait until the worker has unlocked
  const flags = new Int32Array(worker.flags);
  const releasedFirst = Atomics.load(flags, 0);
  mine.unlock();
  because(
    'lock() through the first Mutex must wait for the worker that holds the lock (which sets a flag just before it unlocks): the object must not remember that it once held the lock',
    () => expect(releasedFirst).toBe(1),
  );
});
