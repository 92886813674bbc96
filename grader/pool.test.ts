import { runPool } from './pool';

/** Work that each item finishes only when the test says so, recording who ran at once. */
function controlledWork() {
  const running = new Set<number>();
  const finish = new Map<number, () => void>();
  const handOvers = new Map<number, () => void>();
  let most = 0;
  const work = (item: number, handOver: () => void) =>
    new Promise<void>((resolve) => {
      running.add(item);
      most = Math.max(most, running.size);
      handOvers.set(item, handOver);
      finish.set(item, () => {
        running.delete(item);
        resolve();
      });
    });
  return { work, running, finish, handOvers, most: () => most };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('runs every item with at most `concurrency` at once, the next as soon as a lane is free', async () => {
  const { work, running, finish, handOvers, most } = controlledWork();
  const done = runPool([1, 2, 3, 4, 5], 2, work);
  await settle();
  expect([...running]).toEqual([1, 2]);
  // No spare lanes by default: handing over changes nothing.
  handOvers.get(1)!();
  await settle();
  expect([...running]).toEqual([1, 2]);
  finish.get(2)!();
  await settle();
  expect([...running].sort()).toEqual([1, 3]);
  for (const item of [1, 3, 4, 5]) {
    await settle();
    finish.get(item)!();
  }
  await done;
  expect(most()).toBe(2);
  expect(running.size).toBe(0);
});

test('an item that hands its lane over lets the next start at once, and its lane ends with it', async () => {
  const { work, running, finish, handOvers } = controlledWork();
  const done = runPool([1, 2, 3, 4], 1, work, undefined, 1);
  await settle();
  expect([...running]).toEqual([1]);
  handOvers.get(1)!();
  handOvers.get(1)!(); // twice is once
  await settle();
  expect([...running]).toEqual([1, 2]);
  // The stuck item ends: its lane takes nothing more, so one lane is left, as asked.
  finish.get(1)!();
  await settle();
  expect([...running]).toEqual([2]);
  finish.get(2)!();
  await settle();
  expect([...running]).toEqual([3]);
  finish.get(3)!();
  await settle();
  finish.get(4)!();
  await done;
});

test('no more lanes are handed over at once than there are spare lanes', async () => {
  const { work, running, finish, handOvers, most } = controlledWork();
  const done = runPool([1, 2, 3, 4, 5, 6], 2, work, undefined, 2);
  await settle();
  for (const item of [1, 2, 3, 4]) {
    handOvers.get(item)?.();
    await settle();
  }
  // 1 and 2 handed over (3 and 4 started); 3 and 4 may not hand over while they are.
  expect([...running].sort()).toEqual([1, 2, 3, 4]);
  finish.get(1)!();
  await settle();
  // A hand-over is free again: 3 can give its lane away now.
  handOvers.get(3)!();
  await settle();
  expect([...running].sort()).toEqual([2, 3, 4, 5]);
  for (const item of [2, 3, 4, 5, 6]) {
    await settle();
    finish.get(item)?.();
  }
  await settle();
  finish.get(6)?.();
  await done;
  expect(most()).toBe(4);
});

test('after an abort no item starts, and a failing item fails the pool', async () => {
  const stop = new AbortController();
  const started: number[] = [];
  await runPool(
    [1, 2, 3],
    1,
    async (item) => {
      started.push(item);
      stop.abort();
    },
    stop.signal,
  );
  expect(started).toEqual([1]);
  await expect(
    runPool([1], 1, async () => {
      throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
});

test('a failing item fails the pool only once every other lane has ended', async () => {
  const { work, running, finish } = controlledWork();
  let rejected = false;
  const done = runPool([1, 2], 2, (item, handOver) =>
    item === 1 ? Promise.reject(new Error('boom')) : work(item, handOver),
  ).catch((error: Error) => {
    rejected = true;
    return error.message;
  });
  await settle();
  expect([...running]).toEqual([2]);
  expect(rejected).toBe(false);
  finish.get(2)!();
  expect(await done).toBe('boom');
});
