import * as path from 'path';
import { because, liveWorkers } from '@course/testkit';
import { Thread, ThreadEvent, runThreads } from '@subject/ex02-threads-and-join/threads';
import { messageOf, settledAfterTurns } from '../tests/settle';
import { HeldTasks, allExited } from './held';

const ANSWER = path.join(__dirname, '../tests/answer.ts');
const FAIL = path.join(__dirname, '../tests/fail.ts');

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
