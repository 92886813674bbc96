import { because } from '@course/testkit';
import './virtual-clock';
import { gather, poll } from '@subject/ex06-async-gather/gather';
import { TaskBoard, track } from './board';

test('calling poll runs the first check at once, before anything is awaited', async () => {
  let calls = 0;
  const answer = poll(
    () => {
      calls++;
      return 'ready';
    },
    { intervalMs: 100, timeoutMs: 1000 },
  );
  because(
    'a JavaScript async function runs up to its first await as soon as it is called (a Python coroutine would not have started), so the first check happens at once',
    () => expect(calls).toBe(1),
  );
  await jest.advanceTimersByTimeAsync(0);
  await expect(answer).resolves.toBe('ready');
});

test('poll resolves with the first answer, checking every intervalMs', async () => {
  let calls = 0;
  const answer = track(
    poll(() => (++calls === 4 ? 'done' : undefined), { intervalMs: 100, timeoutMs: 10_000 }),
  );
  await jest.advanceTimersByTimeAsync(299);
  because('checks run at 0, 100 and 200 ms; the 4th (at 300 ms) is the first to answer', () => {
    expect(calls).toBe(3);
    expect(answer.settled).toBe(false);
  });
  await jest.advanceTimersByTimeAsync(1);
  because('the 4th check, at 300 ms, answers "done": poll resolves with it', () => {
    expect(calls).toBe(4);
    expect(answer).toMatchObject({ settled: true, rejected: false, value: 'done' });
  });
});

test('gather returns results in the order the tasks were given', async () => {
  const board = new TaskBoard();
  const results = track(
    gather([
      board.task('slow', 300, 'a'),
      board.task('fast', 100, 'b'),
      board.task('mid', 200, 'c'),
    ]),
  );
  await jest.advanceTimersByTimeAsync(300);
  because(
    'the tasks finish fast, mid, slow, but results follow the order the tasks were given',
    () => expect(results).toMatchObject({ settled: true, rejected: false, value: ['a', 'b', 'c'] }),
  );
});

test('gather runs tasks at the same time: tasks of 300, 100 and 200 ms take 300 ms', async () => {
  const board = new TaskBoard();
  const results = track(
    gather([board.task('A', 300, 1), board.task('B', 100, 2), board.task('C', 200, 3)]),
  );
  await jest.advanceTimersByTimeAsync(300);
  because(
    'all three tasks wait at the same time, so gather is done after the longest (300 ms), not the sum (600 ms)',
    () => {
      expect(board.startTimes(['A', 'B', 'C'])).toEqual([0, 0, 0]);
      expect(results.settled).toBe(true);
    },
  );
});

test('gather with limit 1 runs the tasks one after another', async () => {
  const board = new TaskBoard();
  const results = track(
    gather([board.task('A', 100, 'a'), board.task('B', 100, 'b'), board.task('C', 100, 'c')], {
      limit: 1,
    }),
  );
  await jest.advanceTimersByTimeAsync(300);
  because('with limit 1, each task starts when the one before it finishes', () => {
    expect(board.maxRunning).toBe(1);
    expect(board.startTimes(['A', 'B', 'C'])).toEqual([0, 100, 200]);
    expect(results.value).toEqual(['a', 'b', 'c']);
  });
});
