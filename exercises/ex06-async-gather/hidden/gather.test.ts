import { because } from '@course/testkit';
import { gather, poll, pollAll, PollTimeoutError } from '@subject/ex06-async-gather/gather';
import { TaskBoard, track } from '../tests/board';

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  jest.useRealTimers();
});

test('poll waits for an async check to answer before checking again', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  let calls = 0;
  const startedAt: number[] = [];
  const check = async () => {
    startedAt.push(Date.now());
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 250));
    inFlight--;
    return ++calls === 3 ? 'answer' : undefined;
  };
  const answer = track(poll(check, { intervalMs: 100, timeoutMs: 10_000 }));
  await jest.advanceTimersByTimeAsync(2000);
  because(
    'each check takes 250 ms; the next may start only 100 ms after the previous one answered "not yet"',
    () => {
      expect(maxInFlight).toBe(1);
      expect(startedAt).toEqual([0, 350, 700]);
      expect(answer).toMatchObject({ settled: true, value: 'answer' });
    },
  );
});

test('poll rejects with a PollTimeoutError once timeoutMs has passed, then stops checking', async () => {
  let calls = 0;
  const answer = track(
    poll(
      () => {
        calls++;
        return undefined;
      },
      { intervalMs: 100, timeoutMs: 1000 },
    ),
  );
  await jest.advanceTimersByTimeAsync(999);
  because('1000 ms have not passed yet: poll is still checking', () =>
    expect(answer.settled).toBe(false),
  );
  await jest.advanceTimersByTimeAsync(101);
  because('by 1100 ms the 1000 ms timeout has passed: poll rejects with a PollTimeoutError', () => {
    expect(answer.rejected).toBe(true);
    expect(answer.reason).toBeInstanceOf(PollTimeoutError);
  });
  const callsWhenGivenUp = calls;
  await jest.advanceTimersByTimeAsync(5000);
  because('after giving up, poll checks no more and leaves no timer behind', () => {
    expect(calls).toBe(callsWhenGivenUp);
    expect(jest.getTimerCount()).toBe(0);
  });
});

test("gather places every result at its task's index, whatever order they finish in", async () => {
  const board = new TaskBoard();
  const durations = [700, 100, 500, 300, 800, 200, 600, 400];
  const results = track(
    gather(durations.map((ms, index) => board.task(`T${index}`, ms, `result ${index}`))),
  );
  await jest.advanceTimersByTimeAsync(800);
  because('results follow the order of the tasks, not the order they finished in', () => {
    expect(board.finishOrder).toEqual(['T1', 'T5', 'T3', 'T7', 'T2', 'T6', 'T0', 'T4']);
    expect(results.value).toEqual(durations.map((_, index) => `result ${index}`));
  });
});

test('gather finishes in the time of the longest task, not the sum', async () => {
  const board = new TaskBoard();
  const results = track(
    gather([board.task('A', 400, 'a'), board.task('B', 400, 'b'), board.task('C', 400, 'c')], {
      limit: 5,
    }),
  );
  await jest.advanceTimersByTimeAsync(0);
  because('without a reachable limit every task starts at once', () =>
    expect(board.running).toBe(3),
  );
  await jest.advanceTimersByTimeAsync(400);
  because(
    'three tasks of 400 ms running at the same time take 400 ms of virtual time; awaiting them one by one would take 1200 ms',
    () => expect(results).toMatchObject({ settled: true, value: ['a', 'b', 'c'] }),
  );
});

test('gather never runs more than limit tasks at once', async () => {
  for (const limit of [1, 2, 3]) {
    const board = new TaskBoard();
    const durations = [300, 100, 200, 100, 400, 100, 300, 200, 100, 100];
    const results = track(
      gather(
        durations.map((ms, index) => board.task(`T${index}`, ms, index)),
        { limit },
      ),
    );
    await jest.advanceTimersByTimeAsync(0);
    because(`with limit ${limit}, only ${limit} of the 10 tasks may start at first`, () =>
      expect(board.startedAt.size).toBe(limit),
    );
    await jest.advanceTimersByTimeAsync(2000);
    because(`with limit ${limit}, at most ${limit} tasks may run at once`, () => {
      expect(board.maxRunning).toBe(limit);
      expect(results.settled).toBe(true);
    });
  }
});

test('gather starts the next task as soon as one finishes, keeping limit tasks busy', async () => {
  const board = new TaskBoard();
  const names = ['A', 'B', 'C', 'D', 'E', 'F'];
  const durations = [100, 400, 100, 100, 100, 100];
  const results = track(
    gather(
      names.map((name, index) => board.task(name, durations[index], name)),
      { limit: 2 },
    ),
  );
  await jest.advanceTimersByTimeAsync(500);
  because(
    'with limit 2, a free place is taken at once: C starts when A ends (100 ms), D when C ends, and so on, while B is still running; waiting for a whole batch to end wastes a place',
    () => {
      expect(board.startTimes(names)).toEqual([0, 0, 100, 200, 300, 400]);
      expect(results.settled).toBe(true);
    },
  );
});

test('pollAll starts a poll only when gather gives it a turn', async () => {
  const firstCheckAt: (number | undefined)[] = [undefined, undefined, undefined, undefined];
  const checks = [0, 1, 2, 3].map((index) => {
    let calls = 0;
    return () => {
      firstCheckAt[index] ??= Date.now();
      return ++calls === 2 ? `job ${index}` : undefined;
    };
  });
  const answers = track(pollAll(checks, { intervalMs: 100, timeoutMs: 10_000, limit: 2 }));
  await jest.advanceTimersByTimeAsync(0);
  because(
    'calling an async function starts it: with limit 2, jobs 2 and 3 must not be polled until gather calls their tasks, so hand gather functions that start the polls, not polls already running',
    () => expect(firstCheckAt).toEqual([0, 0, undefined, undefined]),
  );
  await jest.advanceTimersByTimeAsync(1000);
  because('jobs 0 and 1 answer at 100 ms, freeing the places for jobs 2 and 3', () => {
    expect(firstCheckAt).toEqual([0, 0, 100, 100]);
    expect(answers.value).toEqual(['job 0', 'job 1', 'job 2', 'job 3']);
  });
});

test('gather rejects with the error of a failing task', async () => {
  const board = new TaskBoard();
  const failure = new Error('task B failed');
  const results = track(
    gather([
      board.task('A', 100, 'a'),
      board.failing('B', 200, failure),
      board.task('C', 300, 'c'),
    ]),
  );
  await jest.advanceTimersByTimeAsync(300);
  because('without returnExceptions, a failing task makes gather reject with its error', () => {
    expect(results.rejected).toBe(true);
    expect(results.reason).toBe(failure);
  });
});

test('gather rejects as soon as one task fails, without waiting for the others', async () => {
  const board = new TaskBoard();
  const failure = new Error('task B failed');
  const results = track(
    gather(
      [board.task('A', 1000, 'a'), board.failing('B', 100, failure), board.task('C', 1000, 'c')],
      { limit: 3 },
    ),
  );
  await jest.advanceTimersByTimeAsync(100);
  because(
    'B fails at 100 ms: gather must reject then (fail fast), not after A and C finish at 1000 ms',
    () => expect(results).toMatchObject({ settled: true, rejected: true, reason: failure }),
  );
});

test("gather with returnExceptions puts each error at its task's index", async () => {
  const board = new TaskBoard();
  const errorB = new Error('B failed');
  const errorD = new Error('D failed');
  const results = track(
    gather(
      [
        board.task('A', 300, 'a'),
        board.failing('B', 100, errorB),
        board.task('C', 200, 'c'),
        board.failing('D', 50, errorD),
      ],
      { returnExceptions: true },
    ),
  );
  await jest.advanceTimersByTimeAsync(300);
  because(
    "with returnExceptions, gather does not reject: each error takes its task's place among the results",
    () => {
      expect(results.rejected).toBe(false);
      expect(results.settled).toBe(true);
      const value = results.value as unknown[];
      expect(value).toHaveLength(4);
      expect(value[0]).toBe('a');
      expect(value[1]).toBe(errorB);
      expect(value[2]).toBe('c');
      expect(value[3]).toBe(errorD);
    },
  );
});

test('gather of no tasks resolves to an empty array', async () => {
  const plain = track(gather([]));
  const limited = track(gather([], { limit: 2 }));
  const collecting = track(gather([], { returnExceptions: true }));
  await jest.advanceTimersByTimeAsync(0);
  because(
    'no task to wait for means nothing to wait for: gather([]) resolves to [] at once',
    () => {
      expect(plain).toMatchObject({ settled: true, value: [] });
      expect(limited).toMatchObject({ settled: true, value: [] });
      expect(collecting).toMatchObject({ settled: true, value: [] });
    },
  );
});
