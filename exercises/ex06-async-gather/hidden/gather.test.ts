import { because, isInstance } from '@course/testkit';
import '../tests/virtual-clock';
import { gather, poll, pollAll, PollTimeoutError } from '@subject/ex06-async-gather/gather';
import { TaskBoard, track } from '../tests/board';

/** Once poll has given up, waiting longer brings no more checks and no timer is left behind. */
async function expectGivenUp(calls: () => number): Promise<void> {
  const callsWhenGivenUp = calls();
  await jest.advanceTimersByTimeAsync(5000);
  because('after giving up, poll checks no more and leaves no timer behind', () => {
    expect(calls()).toBe(callsWhenGivenUp);
    expect(jest.getTimerCount()).toBe(0);
  });
}

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
  await expectGivenUp(() => calls);
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
  because(
    `limit 5 cannot be reached by 3 tasks, so all three start at once; ${board.running} had started`,
    () => expect(board.running).toBe(3),
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
    because(
      `with limit ${limit}, only ${limit} of the 10 tasks may start at first; ${board.startedAt.size} had started`,
      () => expect(board.startedAt.size).toBe(limit),
    );
    await jest.advanceTimersByTimeAsync(2000);
    because(
      `with limit ${limit}, at most ${limit} tasks may run at once; ${board.maxRunning} ran at once`,
      () => {
        expect(board.maxRunning).toBe(limit);
        expect(results.settled).toBe(true);
      },
    );
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
  because(
    `without returnExceptions, a failing task makes gather reject with its error; gather ${results.rejected ? `rejected with ${String(results.reason)}` : results.settled ? `resolved with ${JSON.stringify(results.value)}` : 'had not settled at 300 ms'}`,
    () => {
      expect(results.rejected).toBe(true);
      expect(results.reason).toBe(failure);
    },
  );
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
    `B fails at 100 ms: gather must reject then (fail fast), not after A and C finish at 1000 ms; at 100 ms it ${results.rejected ? `had rejected with ${String(results.reason)}` : results.settled ? 'had resolved' : 'had not settled'}`,
    () => expect(results).toMatchObject({ settled: true, rejected: true, reason: failure }),
  );
});

test("gather with returnExceptions puts each error at its task's index", async () => {
  const board = new TaskBoard();
  const errorB = new Error('B failed');
  // A reason need not be an Error: whatever a task rejects with is its error.
  const reasonD = { status: 503 };
  const results = track(
    gather(
      [
        board.task('A', 300, 'a'),
        board.failing('B', 100, errorB),
        board.task('C', 200, 'c'),
        board.failing('D', 50, reasonD),
      ],
      { returnExceptions: true },
    ),
  );
  await jest.advanceTimersByTimeAsync(300);
  because(
    "with returnExceptions, gather does not reject: each error takes its task's place among the results, as it is (D rejected with the plain object { status: 503 }, not with an Error)",
    () => {
      expect(results.rejected).toBe(false);
      expect(results.settled).toBe(true);
      const value = results.value as unknown[];
      expect(value).toHaveLength(4);
      expect(value[0]).toBe('a');
      expect(value[1]).toBe(errorB);
      expect(value[2]).toBe('c');
      expect(value[3]).toBe(reasonD);
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

test("poll takes any answer but undefined, even 0, '', false and null", async () => {
  const answers: unknown[] = [0, '', false, null];
  const polls = answers.map((answer) => {
    let calls = 0;
    const state = track(
      poll(() => (++calls === 2 ? answer : undefined), { intervalMs: 100, timeoutMs: 10_000 }),
    );
    return { state, calls: () => calls };
  });
  await jest.advanceTimersByTimeAsync(100);
  const seen = polls.map(({ state, calls }) => ({
    calls: calls(),
    settled: state.settled,
    rejected: state.rejected,
    value: state.value,
  }));
  because(
    `only undefined means "not yet": each check answers on its 2nd call (at 100 ms) with 0, '', false or null, and poll must resolve with exactly that answer then; seen ${JSON.stringify(seen)}`,
    () =>
      expect(seen).toEqual(
        answers.map((value) => ({ calls: 2, settled: true, rejected: false, value })),
      ),
  );
});

test('poll rejects at timeoutMs, not a whole interval later', async () => {
  let calls = 0;
  const answer = track(
    poll(
      () => {
        calls++;
        return undefined;
      },
      { intervalMs: 300, timeoutMs: 1000 },
    ),
  );
  await jest.advanceTimersByTimeAsync(999);
  because(
    `at 999 ms the 1000 ms have not passed: poll is still polling (${calls} checks so far)`,
    () => expect(answer.settled).toBe(false),
  );
  await jest.advanceTimersByTimeAsync(1);
  because(
    `checks run at 0, 300, 600 and 900 ms; the deadline is 1000 ms, before the next check would be due at 1200 ms, so poll must reject at 1000 ms with a PollTimeoutError (at 1000 ms it had ${answer.settled ? (answer.rejected ? `rejected with ${String(answer.reason)}` : 'resolved') : 'not settled yet'})`,
    () => {
      expect(answer.rejected).toBe(true);
      expect(answer.reason).toBeInstanceOf(PollTimeoutError);
    },
  );
  await expectGivenUp(() => calls);
});

test('poll counts timeoutMs from its call, even when the first check is slow to answer', async () => {
  let calls = 0;
  const answer = track(
    poll(
      async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 500));
        return undefined;
      },
      { intervalMs: 50, timeoutMs: 300 },
    ),
  );
  await jest.advanceTimersByTimeAsync(500);
  because(
    `the first check answers "not yet" at 500 ms, when the 300 ms of timeoutMs since poll was called have already passed: by then poll must have rejected with a PollTimeoutError, after that one check (at 500 ms: ${answer.settled ? (answer.rejected ? `rejected with ${String(answer.reason)}` : 'resolved') : 'not settled yet'}, ${calls} checks)`,
    () =>
      expect({
        rejected: answer.rejected,
        timeoutError: isInstance(answer.reason, PollTimeoutError),
        calls,
      }).toEqual({ rejected: true, timeoutError: true, calls: 1 }),
  );
  await expectGivenUp(() => calls);
});

test('poll leaves no timer behind once it has its answer', async () => {
  let calls = 0;
  const answer = track(
    poll(() => (++calls === 3 ? 'ready' : undefined), { intervalMs: 100, timeoutMs: 10_000 }),
  );
  await jest.advanceTimersByTimeAsync(200);
  because('the 3rd check, at 200 ms, answers: poll resolves with it', () =>
    expect(answer).toMatchObject({ settled: true, rejected: false, value: 'ready' }),
  );
  await jest.advanceTimersByTimeAsync(5000);
  because(
    `poll has answered, yet ${jest.getTimerCount()} timer(s) are still pending 5 s later: a timeout timer must be cleared when the answer comes, not left to fire at 10 s`,
    () => expect(jest.getTimerCount()).toBe(0),
  );
});

test('a check that throws makes poll reject with that error and check no more', async () => {
  const broken = new Error('sensor unplugged');
  const rejected = new Error('server said 500');
  let syncCalls = 0;
  let asyncCalls = 0;
  const viaThrow = track(
    poll(
      () => {
        if (++syncCalls === 2) throw broken;
        return undefined;
      },
      { intervalMs: 100, timeoutMs: 10_000 },
    ),
  );
  const viaRejection = track(
    poll(
      async () => {
        if (++asyncCalls === 3) throw rejected;
        return undefined;
      },
      { intervalMs: 100, timeoutMs: 10_000 },
    ),
  );
  await jest.advanceTimersByTimeAsync(200);
  because(
    `a check that throws (2nd call, at 100 ms) or rejects (3rd call, at 200 ms) fails the poll with its error; got ${JSON.stringify({ throw: { rejected: viaThrow.rejected, reason: String(viaThrow.reason) }, rejection: { rejected: viaRejection.rejected, reason: String(viaRejection.reason) } })}`,
    () => {
      expect(viaThrow).toMatchObject({ settled: true, rejected: true, reason: broken });
      expect(viaRejection).toMatchObject({ settled: true, rejected: true, reason: rejected });
    },
  );
  await jest.advanceTimersByTimeAsync(5000);
  because(
    `a failed poll checks no more (calls after failing: ${syncCalls - 2} and ${asyncCalls - 3}) and leaves no timer (${jest.getTimerCount()} pending)`,
    () => {
      expect({ syncCalls, asyncCalls }).toEqual({ syncCalls: 2, asyncCalls: 3 });
      expect(jest.getTimerCount()).toBe(0);
    },
  );
});

test('gather rejects with the error of the first task to fail, not the first in the list', async () => {
  // Unlimited, C runs from 0 and fails at 150 ms; under limit 2 it waits for B (50 ms) and fails
  // at 200 ms. Either way A, first in the list, fails later, at 300 ms.
  for (const [limit, failsAt] of [
    [undefined, 150],
    [2, 200],
  ] as const) {
    const board = new TaskBoard();
    const late = new Error('A failed at 300 ms');
    const early = new Error(`C failed at ${failsAt} ms`);
    const results = track(
      gather(
        [board.failing('A', 300, late), board.task('B', 50, 'b'), board.failing('C', 150, early)],
        { limit },
      ),
    );
    await jest.advanceTimersByTimeAsync(failsAt - 1);
    because(
      `limit ${limit}: no task has failed before ${failsAt} ms, so gather has not settled`,
      () => expect(results.settled).toBe(false),
    );
    await jest.advanceTimersByTimeAsync(1);
    because(
      `limit ${limit}: C fails at ${failsAt} ms, A (first in the list) only at 300 ms, so gather must reject at ${failsAt} ms with C's error; it ${results.settled ? (results.rejected ? `rejected with "${(results.reason as Error).message}"` : 'resolved') : 'had not settled'}`,
      () => expect(results).toMatchObject({ settled: true, rejected: true, reason: early }),
    );
    await jest.advanceTimersByTimeAsync(1000);
  }
});

test('once gather has rejected it starts no task that had not started', async () => {
  const board = new TaskBoard();
  const failure = new Error('A failed');
  const results = track(
    gather(
      [
        board.failing('A', 100, failure),
        board.task('B', 300, 'b'),
        board.task('C', 100, 'c'),
        board.task('D', 100, 'd'),
      ],
      { limit: 2 },
    ),
  );
  await jest.advanceTimersByTimeAsync(1000);
  because('A fails at 100 ms: gather rejects with its error', () =>
    expect(results).toMatchObject({ settled: true, rejected: true, reason: failure }),
  );
  because(
    `gather is over once A has failed: B keeps running (it cannot be stopped), but when it ends at 300 ms the places it frees must stay empty, so C and D never start; started: ${[...board.startedAt.keys()].join(', ')}`,
    () => expect([...board.startedAt.keys()]).toEqual(['A', 'B']),
  );
});

test('with returnExceptions a failure stops nothing: every task runs, within the limit', async () => {
  const board = new TaskBoard();
  const errorA = new Error('A failed');
  const errorC = new Error('C failed');
  const names = ['A', 'B', 'C', 'D'];
  const results = track(
    gather(
      [
        board.failing('A', 100, errorA),
        board.task('B', 100, 'b'),
        board.failing('C', 100, errorC),
        board.task('D', 100, 'd'),
      ],
      { limit: 1, returnExceptions: true },
    ),
  );
  await jest.advanceTimersByTimeAsync(1000);
  because(
    `with returnExceptions a failed task only fills its place: under limit 1 the next task starts when it ends, so the tasks start at 0, 100, 200 and 300 ms; they started at ${JSON.stringify(board.startTimes(names))}`,
    () => {
      expect(board.startTimes(names)).toEqual([0, 100, 200, 300]);
      expect(board.maxRunning).toBe(1);
    },
  );
  because("each error takes its task's place among the results", () => {
    expect(results).toMatchObject({ settled: true, rejected: false });
    const value = results.value as unknown[];
    expect(value).toHaveLength(4);
    expect(value[0]).toBe(errorA);
    expect(value[1]).toBe('b');
    expect(value[2]).toBe(errorC);
    expect(value[3]).toBe('d');
  });
});

test("gather keeps every result, even undefined, 0, '', false and null", async () => {
  const board = new TaskBoard();
  const values: unknown[] = [undefined, 0, '', false, null, 'x'];
  const results = track(
    gather(
      values.map((value, index) => board.task(`T${index}`, 100 * (values.length - index), value)),
    ),
  );
  await jest.advanceTimersByTimeAsync(600);
  because(
    `every task has finished by 600 ms, so gather must resolve with each task's value, falsy or not, at its index; it ${results.settled ? (results.rejected ? `rejected with ${String(results.reason)}` : 'resolved') : 'had not settled'}`,
    () => {
      expect(results).toMatchObject({ settled: true, rejected: false });
      const value = results.value as unknown[];
      expect(value).toHaveLength(values.length);
      values.forEach((expected, index) => expect(value[index]).toBe(expected));
    },
  );
});

test('gather rejects a limit below 1 with a RangeError and starts no task', async () => {
  const outcomes: unknown[] = [];
  for (const limit of [0, -1, Number.NaN]) {
    const board = new TaskBoard();
    let running: Promise<unknown[]>;
    let threwAtOnce = false;
    try {
      running = gather([board.task('A', 100, 'a'), board.task('B', 100, 'b')], { limit });
    } catch (error) {
      threwAtOnce = true;
      running = Promise.reject(error);
    }
    const results = track(running);
    await jest.advanceTimersByTimeAsync(1000);
    outcomes.push({
      limit: String(limit),
      rejected: threwAtOnce
        ? 'no: gather threw at once instead of returning a promise'
        : results.rejected,
      rangeError: isInstance(results.reason, RangeError),
      started: board.startedAt.size,
    });
  }
  because(
    `limit must be a positive integer: 0, -1 or NaN makes gather reject with a RangeError before starting anything (gather returns a promise, so it fails by rejecting it, not by throwing: an async function does that for you); seen ${JSON.stringify(outcomes)}`,
    () =>
      expect(outcomes).toEqual(
        ['0', '-1', 'NaN'].map((limit) => ({
          limit,
          rejected: true,
          rangeError: true,
          started: 0,
        })),
      ),
  );
});

test('pollAll rejects with the PollTimeoutError of a poll that never answers', async () => {
  let calls = 0;
  const answers = track(
    pollAll([() => (++calls === 2 ? 'found' : undefined), () => undefined], {
      intervalMs: 100,
      timeoutMs: 500,
    }),
  );
  await jest.advanceTimersByTimeAsync(499);
  because('the second check never answers, but its 500 ms are not over yet', () =>
    expect(answers.settled).toBe(false),
  );
  await jest.advanceTimersByTimeAsync(1);
  because(
    `the second poll times out at 500 ms: pollAll fails with its PollTimeoutError, as gather fails with a failing task's error; it ${answers.settled ? (answers.rejected ? `rejected with ${String(answers.reason)}` : `resolved with ${JSON.stringify(answers.value)}`) : 'had not settled'}`,
    () => {
      expect(answers.rejected).toBe(true);
      expect(answers.reason).toBeInstanceOf(PollTimeoutError);
    },
  );
});
