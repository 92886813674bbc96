import * as path from 'path';
import { because, runWorkers } from '@course/testkit';
import { Mutex } from '@subject/ex03-race-and-lock/mutex';

test('ten workers counting 100,000 times each under the mutex lose no update', async () => {
  const mutex = new Mutex();
  const counterBuffer = new SharedArrayBuffer(4);
  await runWorkers(path.join(__dirname, '../tests/count-worker.ts'), 10, () => ({
    lockBuffer: mutex.buffer,
    counterBuffer,
    increments: 100_000,
  }));
  because('every increment happens inside withLock, so none may be lost', () =>
    expect(new Int32Array(counterBuffer)[0]).toBe(1_000_000),
  );
});
