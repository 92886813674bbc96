import { inOrder } from './verify';

const later = <T>(value: T, ms: number) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

test('inOrder keeps each result at its task, however they finish, and runs at most `jobs` at once', async () => {
  let running = 0;
  let most = 0;
  const task = (value: string, ms: number) => async () => {
    most = Math.max(most, ++running);
    const result = await later(value, ms);
    running--;
    return result;
  };
  // The first is the slowest: the others finish before it.
  const tasks = [task('a', 60), task('b', 5), task('c', 5), task('d', 5)];
  expect(await inOrder(tasks, 2)).toEqual(['a', 'b', 'c', 'd']);
  expect(most).toBe(2);
});

test('once stopped, inOrder starts no further task: those left undefined', async () => {
  const stop = new AbortController();
  const tasks = [0, 1, 2].map((value) => async () => {
    stop.abort();
    return value;
  });
  expect(await inOrder(tasks, 1, stop.signal)).toEqual([0, undefined, undefined]);
});
