import * as path from 'path';
import { types } from 'util';
import { because, liveWorkers } from '@course/testkit';
import { Thread, ThreadEvent, runThreads } from '@subject/ex02-threads-and-join/threads';
import { messageOf, settledAfterTurns } from '../tests/settle';
import { HeldTasks, allExited, exitedDownTo } from './held';

const ANSWER = path.join(__dirname, '../tests/answer.ts');
const FAIL = path.join(__dirname, '../tests/fail.ts');
const ECHO = path.join(__dirname, 'echo.ts');
const POSTS = path.join(__dirname, 'posts.ts');
const THROWS = path.join(__dirname, 'throws.ts');

/** Joins and describes the outcome, for assertions that show both cases. */
async function outcomeOf(join: Promise<unknown>) {
  return join.then(
    (value) => ({ rejected: false, value }),
    (reason: unknown) => ({ rejected: true, message: messageOf(reason) }),
  );
}

test('join waits for the worker to exit, not for its first message', async () => {
  const held = new HeldTasks(1);
  const [spec] = held.specs;
  const thread = new Thread(spec.script, spec.data).start();
  const worker = liveWorkers()[0];
  because('start() must start a worker thread running the script', () =>
    expect(worker).toBeDefined(),
  );
  const posted = new Promise((resolve) => worker.once('message', resolve));
  await held.allArrived();
  await posted;
  const whileRunning = await settledAfterTurns(thread.join());
  because(
    'the worker is online and has posted its result, but it is still running: join() must still be waiting',
    () => expect(whileRunning).toEqual({ state: 'pending' }),
  );
  held.release();
  let aliveWhenJoined = -1;
  const result = await thread.join().then((value) => {
    aliveWhenJoined = liveWorkers().length;
    return value;
  });
  because('once the worker has exited, join() resolves with the result it posted', () =>
    expect({ result, aliveWhenJoined }).toEqual({ result: 'result 0', aliveWhenJoined: 0 }),
  );
});

test('joining a worker that has already exited resolves at once', async () => {
  const thread = new Thread(ANSWER, { answer: 42 }).start();
  await allExited();
  const late = await settledAfterTurns(thread.join());
  because(
    "join() called after the worker exited must settle without waiting for another event: the 'exit' event has already fired, so listen for it in start(), not in join()",
    () => expect(late).toEqual({ state: 'fulfilled', value: 42 }),
  );
});

test('a worker that throws or exits with a non-zero code fails its join', async () => {
  const thrower = new Thread(FAIL, { how: 'throw', message: 'stack overflow in the toaster' });
  const quitter = new Thread(FAIL, { how: 'exit', code: 3 });
  const [threw, quit] = await Promise.all([
    outcomeOf(thrower.start().join()),
    outcomeOf(quitter.start().join()),
  ]);
  because(
    'a worker that posted "half done" and then threw has failed: join() rejects with its error',
    () =>
      expect(threw).toEqual({
        rejected: true,
        message: expect.stringContaining('stack overflow in the toaster'),
      }),
  );
  because(
    'a worker that posted "half done" and then called process.exit(3) has failed: join() rejects, and the message gives the exit code',
    () => expect(quit).toEqual({ rejected: true, message: expect.stringContaining('3') }),
  );
  const falsy = [0, '', null, undefined];
  const threwFalsy = await Promise.all(
    falsy.map((value) =>
      new Thread(THROWS, { value })
        .start()
        .join()
        .then(
          (result: unknown) => ({ rejected: false, result }),
          (reason: unknown) => ({ rejected: true, reason }),
        ),
    ),
  );
  because(
    "workers that posted \"half done\" and then threw 0, '', null or undefined have failed too: join() rejects with exactly what each threw (a falsy value thrown, undefined included, is still an error: remember that there was an 'error' event, not what the error is)",
    () => expect(threwFalsy).toStrictEqual(falsy.map((reason) => ({ rejected: true, reason }))),
  );
});

test('joining twice gives the same answer', async () => {
  const good = new Thread(ANSWER, { answer: 'same every time' }).start();
  const bad = new Thread(FAIL, { how: 'throw', message: 'broken once, broken always' }).start();
  const first = await Promise.all([outcomeOf(good.join()), outcomeOf(bad.join())]);
  await allExited();
  const again = await Promise.all([
    settledAfterTurns(outcomeOf(good.join())),
    settledAfterTurns(outcomeOf(bad.join())),
  ]);
  because('a second join() of each thread, after it ended, gives what the first one gave', () =>
    expect(again).toEqual(first.map((value) => ({ state: 'fulfilled', value }))),
  );
  because('and the first answers were right', () =>
    expect(first).toEqual([
      { rejected: false, value: 'same every time' },
      { rejected: true, message: expect.stringContaining('broken once, broken always') },
    ]),
  );
});

test('runThreads starts every task before waiting for any, so they run at the same time', async () => {
  const held = new HeldTasks(3);
  const run = runThreads(held.specs, () => undefined);
  await held.allArrived();
  held.release();
  await run;
  await allExited();
  because(
    'all three tasks must be running at one moment (each stays inside until the test lets them go)',
    () => expect(held.probe.maximum).toBe(3),
  );
});

test("'started' is reported once every task is running, before any has finished", async () => {
  const held = new HeldTasks(2);
  const seen: Array<{ event: ThreadEvent; workers: number; finished: number }> = [];
  const run = runThreads(held.specs, (event) =>
    seen.push({ event, workers: liveWorkers().length, finished: held.finished }),
  );
  await held.allArrived();
  // Every task is running now: even code that waits for each worker's 'online' event has had
  // it by the time the event loop has turned a few times.
  for (let turn = 0; turn < 50 && seen.length === 0; turn++)
    await new Promise((resolve) => setImmediate(resolve));
  because(
    "both tasks are running (and cannot finish until the test lets them), so 'started' must have been reported by now: report it right after starting the threads, before waiting for any",
    () => expect(seen[0]?.event ?? 'nothing reported yet').toBe('started'),
  );
  held.release();
  await run;
  await allExited();
  because(
    "when 'started' is reported, both threads have been started and neither has finished",
    () => expect(seen[0]).toEqual({ event: 'started', workers: 2, finished: 0 }),
  );

  // Quick tasks, let go before they start: each runs to its end as soon as it is started.
  const quick = new HeldTasks(4);
  quick.release();
  const quickSeen: Array<{ event: ThreadEvent; finished: number }> = [];
  const quickRun = runThreads(quick.specs, (event) =>
    quickSeen.push({ event, finished: quick.finished }),
  );
  // The main thread stops here while the workers run to their end, so no worker event reaches
  // runThreads before every task has finished: code that waits for anything from the workers
  // ('online', a message) before it reports 'started' reports it only once they all have.
  quick.blockUntilAllFinished(5000);
  const quickResults = await outcomeOf(quickRun);
  because(
    "with four quick tasks, 'started' comes right after they are started, before any has finished; waiting first for the workers' 'online' events (or anything else from them) lets quick tasks finish before it",
    () =>
      expect({ first: quickSeen[0], results: quickResults }).toEqual({
        first: { event: 'started', finished: 0 },
        results: { rejected: false, value: ['result 0', 'result 1', 'result 2', 'result 3'] },
      }),
  );
});

test("'finished' is reported only after every worker has exited", async () => {
  const held = new HeldTasks(2);
  const seen: Array<{ event: ThreadEvent; workers: number; finished: number }> = [];
  const run = runThreads(held.specs, (event) =>
    seen.push({ event, workers: liveWorkers().length, finished: held.finished }),
  );
  await held.allArrived();
  held.release();
  const results = await run;
  await allExited();
  because(
    "'finished' comes after every join has resolved, that is after every worker has exited (each posted its result before it was let go)",
    () =>
      expect(seen.map(({ event, workers, finished }) => ({ event, workers, finished }))).toEqual([
        { event: 'started', workers: 2, finished: 0 },
        { event: 'finished', workers: 0, finished: 2 },
      ]),
  );
  because('runThreads returns each task result, in task order', () =>
    expect(results).toEqual(['result 0', 'result 1']),
  );
});

test('new Thread runs nothing until start(), and start() returns the thread', async () => {
  const thread = new Thread(ECHO, 'hello');
  await settledAfterTurns(Promise.resolve());
  const beforeStart = liveWorkers().length;
  const returned = thread.start();
  const afterStart = liveWorkers().length;
  because(
    'new Thread(...) only describes the thread (no worker yet); start() starts exactly one and returns the thread itself',
    () =>
      expect({ beforeStart, afterStart, returnsThread: returned === thread }).toEqual({
        beforeStart: 0,
        afterStart: 1,
        returnsThread: true,
      }),
  );
  const result = await outcomeOf(thread.join());
  because('the started worker posts its workerData, "hello", and join() resolves with it', () =>
    expect(result).toEqual({ rejected: false, value: 'hello' }),
  );
});

test('join() before start() rejects instead of waiting', async () => {
  const thread = new Thread(ECHO, 'never started');
  let early: unknown;
  try {
    early = await settledAfterTurns(thread.join());
  } catch (error) {
    early = { state: `join() threw at once instead of returning a promise: ${messageOf(error)}` };
  }
  because(
    'join() on a thread that was never started has nothing to wait for: it must return a promise that rejects (it must not wait, resolve, or start the worker)',
    () =>
      expect({ state: (early as { state: string }).state, workers: liveWorkers().length }).toEqual({
        state: 'rejected',
        workers: 0,
      }),
  );
});

test('start() called twice throws and starts no second worker', async () => {
  const startAgain = (thread: Thread) => {
    try {
      thread.start();
      return 'returned normally';
    } catch {
      return 'threw';
    }
  };
  const thread = new Thread(ECHO, 'once').start();
  const second = startAgain(thread);
  const workers = liveWorkers().length;
  const result = await outcomeOf(thread.join());
  // Once the worker has exited, the thread has still run: starting it again is still an error.
  const afterExit = startAgain(thread);
  const workersAfterExit = liveWorkers().length;
  because(
    'a thread runs once: a second start() must throw, both while its worker runs (leaving that one worker running) and after it has exited (starting none), and join() still gives its result',
    () =>
      expect({ second, workers, result, afterExit, workersAfterExit }).toEqual({
        second: 'threw',
        workers: 1,
        result: { rejected: false, value: 'once' },
        afterExit: 'threw',
        workersAfterExit: 0,
      }),
  );
});

test("the thread's data reaches the worker as workerData, even 0, '', false or null", async () => {
  const sent = [0, '', false, null, undefined];
  const received = await Promise.all(
    sent.map((data) => outcomeOf(new Thread(ECHO, data).start().join())),
  );
  because(
    'each worker posts back its workerData exactly as it came: a falsy data value is still the data (new Thread(script) with no data gives undefined)',
    () => expect(received).toStrictEqual(sent.map((value) => ({ rejected: false, value }))),
  );
});

test('join resolves with the last message the worker posted, even 0, or undefined when it posted none', async () => {
  const posted = [
    ['first', 'second', 'last'],
    ['draft', 0],
    ['draft', ''],
    ['draft', null],
    ['draft', undefined],
    [],
  ];
  const results = await Promise.all(
    posted.map((messages) => outcomeOf(new Thread(POSTS, { messages }).start().join())),
  );
  because(
    "each worker posted the messages shown, then exited normally: the thread's result is the last one (not the first, and a falsy last message counts, undefined included), and undefined when there was none",
    () =>
      expect(results.map((result, index) => ({ posted: posted[index], result }))).toStrictEqual(
        posted.map((messages) => ({
          posted: messages,
          result: { rejected: false, value: messages[messages.length - 1] },
        })),
      ),
  );
});

test('exit code 1 fails the join with an Error naming the code, exit code 0 succeeds', async () => {
  const [one, zero] = await Promise.all([
    new Thread(FAIL, { how: 'exit', code: 1 })
      .start()
      .join()
      .then(
        (value) => ({ rejected: false, value }),
        (reason: unknown) => ({
          rejected: true,
          isError: types.isNativeError(reason),
          message: messageOf(reason),
        }),
      ),
    outcomeOf(new Thread(FAIL, { how: 'exit', code: 0 }).start().join()),
  ]);
  because(
    'a worker that posted "half done" and then called process.exit(1) has failed: join() rejects with an Error (not a string) whose message gives the code 1',
    () =>
      expect(one).toEqual({
        rejected: true,
        isError: true,
        message: expect.stringMatching(/\b1\b/),
      }),
  );
  because(
    'a worker that posted "half done" and then called process.exit(0) ended normally: join() resolves with "half done"',
    () => expect(zero).toEqual({ rejected: false, value: 'half done' }),
  );
});

test('runThreads returns the results in task order, whatever order the workers end in', async () => {
  // Task 2 ends first, then task 1, then task 0: each is let go only once the previous has exited.
  const held = new HeldTasks(3, (index) => ({ turn: 3 - index }));
  const run = runThreads(held.specs, () => undefined);
  await held.allArrived();
  for (let turn = 1; turn <= 3; turn++) {
    held.releaseTurn(turn);
    await exitedDownTo(3 - turn);
  }
  const results = await outcomeOf(run);
  because(
    'the workers ended in the order task 2, task 1, task 0, but the results follow the order of the tasks',
    () => expect(results).toEqual({ rejected: false, value: ['result 0', 'result 1', 'result 2'] }),
  );
});

/**
 * Two tasks that both fail, the second one first: task 1 throws and exits while task 0 is still
 * held; then task 0 is let go and throws too. Returns what runThreads did meanwhile and at the end.
 */
async function twoFailures() {
  const held = new HeldTasks(2, (index) => ({ turn: 2 - index, fail: `task ${index} broke` }));
  const events: ThreadEvent[] = [];
  const run = runThreads(held.specs, (event) => events.push(event));
  await held.allArrived();
  held.releaseTurn(1);
  await exitedDownTo(1);
  const whileTask0Runs = (await settledAfterTurns(run)).state;
  held.releaseTurn(2);
  let aliveAtSettle = -1;
  const outcome = await outcomeOf(
    run.finally(() => {
      aliveAtSettle = liveWorkers().length;
    }),
  );
  return { whileTask0Runs, outcome, aliveAtSettle, events };
}

/**
 * Task 0 fails and exits while task 1 is still held; then task 1 is let go and ends normally.
 * Returns whether runThreads was still waiting meanwhile, and how it settled.
 */
async function firstTaskFailsFirst() {
  const held = new HeldTasks(2, (index) => ({
    turn: index + 1,
    fail: index === 0 ? 'task 0 broke' : undefined,
  }));
  const run = runThreads(held.specs, () => undefined);
  await held.allArrived();
  held.releaseTurn(1);
  await exitedDownTo(1);
  const whileTask1Runs = (await settledAfterTurns(run)).state;
  held.releaseTurn(2);
  let aliveAtSettle = -1;
  const outcome = await outcomeOf(
    run.finally(() => {
      aliveAtSettle = liveWorkers().length;
    }),
  );
  return { whileTask1Runs, outcome, aliveAtSettle };
}

test('when a task fails, runThreads still waits for the other tasks before it rejects', async () => {
  const { whileTask0Runs, aliveAtSettle } = await twoFailures();
  because(
    'task 1 has failed and exited while task 0 is still running: runThreads must still be waiting (Promise.all rejects at the first failure; wait for every join)',
    () => expect(whileTask0Runs).toBe('pending'),
  );
  because('when runThreads settles, every worker has exited', () => expect(aliveAtSettle).toBe(0));
  const firstFirst = await firstTaskFailsFirst();
  because(
    "task 0 has failed and exited while task 1 is still running: runThreads must still be waiting for task 1 (awaiting the joins one by one stops at the first failure), and then reject with task 0's failure once every worker has exited",
    () =>
      expect(firstFirst).toEqual({
        whileTask1Runs: 'pending',
        outcome: { rejected: true, message: expect.stringContaining('task 0 broke') },
        aliveAtSettle: 0,
      }),
  );
});

test('when tasks fail, runThreads rejects with the failure of the first task in task order', async () => {
  const { outcome } = await twoFailures();
  because(
    'task 1 failed first in time ("task 1 broke"), task 0 later ("task 0 broke"): runThreads rejects with the failure of the first task in task order, task 0',
    () =>
      expect(outcome).toEqual({ rejected: true, message: expect.stringContaining('task 0 broke') }),
  );
});

test("runThreads does not report 'finished' when a task fails", async () => {
  const { outcome, events } = await twoFailures();
  because(
    "both tasks failed: runThreads reports 'started' and rejects, and never reports 'finished'",
    () =>
      expect({ events, rejected: outcome.rejected }).toEqual({
        events: ['started'],
        rejected: true,
      }),
  );
});

test('runThreads reports to console.log when no report function is given', async () => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const results = await runThreads([{ script: ECHO, data: 'quiet' }]);
    const printed = log.mock.calls.map((call) => call.join(' '));
    because("report defaults to console.log: a program prints 'started', then 'finished'", () =>
      expect({ printed, results }).toEqual({
        printed: ['started', 'finished'],
        results: ['quiet'],
      }),
    );
  } finally {
    log.mockRestore();
  }
});
