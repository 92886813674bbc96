import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Overrun, planTests } from '../jest/channel';
import { Attempt, runJestAttempt } from './jest-attempt';
import { LIMITS } from './limits';
import { prewarm } from './prewarm';

// The hang watch (jest/hang-watch.ts) as graded runs use it: one jest process over a test file,
// under Node's permission model. A test whose threads can no longer make progress ends as hung
// in about a second, not at its limit; a test that only waits for something that will come (a
// worker computing, a timer, a child process, a worker's timed sleep, fake timers) is never
// called hung. The waits are a few seconds so that a hung verdict, which comes after one second
// of quiet, would have had time to strike.

// Each test's limit. A hung verdict must come before it, which is the claim. A limit far above the
// second a verdict takes costs nothing while the watch works (hung tests end at the verdict, the
// others at their waits) and leaves room for a loaded machine. Once, a hung verdict that came at 1 s
// in one run and 7.8 s or never in another was a bug, not the machine: a worker stopped with its
// parent was taken for one still running (see the last test).
const LIMIT_MS = 30_000;
const WAIT_MS = 3000;

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-hang-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Worker scripts the tests start, by name: each acts on workerData.do. */
const WORKER = `import { parentPort, workerData, Worker } from 'worker_threads';
const { how, ms, cell } = workerData as { how: string; ms: number; cell?: SharedArrayBuffer };
const sleepCell = new Int32Array(new SharedArrayBuffer(4));
if (how === 'sleep-forever') Atomics.wait(sleepCell, 0, 0);
if (how === 'listen') parentPort!.on('message', () => undefined);
if (how === 'compute') {
  const until = Date.now() + ms;
  let spins = 0;
  while (Date.now() < until) spins++;
  parentPort!.postMessage(spins > 0);
}
if (how === 'timed-sleep') {
  Atomics.wait(sleepCell, 0, 0, ms);
  parentPort!.postMessage('slept');
}
if (how === 'wait-async') {
  // Listening keeps the worker alive: a pending waitAsync alone does not.
  parentPort!.on('message', () => undefined);
  const waited = Atomics.waitAsync(sleepCell, 0, 0, ms);
  if (waited.async) void waited.value.then((outcome) => parentPort!.postMessage(outcome));
}
if (how === 'timer') setTimeout(() => parentPort!.postMessage('timer'), ms);
if (how === 'wait-for-main') {
  Atomics.wait(new Int32Array(cell!), 0, 0);
  parentPort!.postMessage('woken');
}
if (how === 'parent-of-sleeper') {
  // Starts a child that sleeps for good, then sleeps for good itself.
  new Worker(__filename, { workerData: { how: 'sleep-forever' } });
  Atomics.wait(sleepCell, 0, 0);
}
if (how === 'parent-of-computer') {
  // Waits, endlessly, for a child of its own that computes and then wakes it.
  const shared = new Int32Array(new SharedArrayBuffer(4));
  new Worker(__filename, { workerData: { how: 'compute-then-wake', ms, cell: shared.buffer } });
  Atomics.wait(shared, 0, 0);
  parentPort!.postMessage('child done');
}
if (how === 'announce-then-sleep') {
  parentPort!.postMessage('sleeping');
  Atomics.wait(sleepCell, 0, 0, 60_000);
}
if (how === 'stop-own-child') {
  // Stops a child of its own in the middle of a timed wait, then says which thread it was.
  const child = new Worker(__filename, { workerData: { how: 'announce-then-sleep' } });
  const thread = child.threadId;
  child.once('message', () => void child.terminate().then(() => parentPort!.postMessage(thread)));
}
if (how === 'leave-own-child') {
  // Ends while a child of its own is in a timed wait: Node stops the child with it, and the child,
  // terminated, never runs its own exit handler.
  const child = new Worker(__filename, { workerData: { how: 'announce-then-sleep' } });
  child.once('message', () => child.unref());
}
if (how === 'timed-sleep-then-set') {
  Atomics.wait(sleepCell, 0, 0, ms);
  Atomics.store(new Int32Array(cell!), 0, 1);
}
if (how === 'compute-then-wake') {
  const until = Date.now() + ms;
  while (Date.now() < until);
  const shared = new Int32Array(cell!);
  Atomics.store(shared, 0, 1);
  Atomics.notify(shared, 0);
}
`;

const TESTS: Record<string, string> = {
  'a promise that never settles': `await new Promise(() => undefined);`,
  'a worker asleep for good where nothing will wake it': `
    await message(start('wait-for-main', new SharedArrayBuffer(4)));`,
  'the same wait again, where nothing will wake it': `
    await message(start('wait-for-main', new SharedArrayBuffer(4)));`,
  'workers asleep for good in Atomics.wait': `
    const workers = [1, 2, 3].map(() => start('sleep-forever'));
    await Promise.all(workers.map(exited));`,
  'a worker idle in its event loop, waiting for a message that never comes': `
    await exited(start('listen'));`,
  'a worker asleep for good beside its own child asleep for good': `
    await exited(start('parent-of-sleeper'));`,
  'a worker computing': `expect(await message(start('compute'))).toBe(true);`,
  'a pending setTimeout': `await new Promise((resolve) => setTimeout(resolve, ${WAIT_MS}));`,
  'a pending timer of timers/promises': `
    const { setTimeout: sleep } = require('timers/promises');
    await sleep(${WAIT_MS});`,
  'a child process running': `
    const { spawn } = require('child_process');
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => undefined, ${WAIT_MS})']);
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);`,
  'a worker in a timed Atomics.wait': `expect(await message(start('timed-sleep'))).toBe('slept');`,
  'a worker idle with a timer pending': `expect(await message(start('timer'))).toBe('timer');`,
  'a worker asleep for good that the main thread wakes from a timer': `
    const cell = new Int32Array(new SharedArrayBuffer(4));
    const worker = start('wait-for-main', cell.buffer);
    setTimeout(() => { Atomics.store(cell, 0, 1); Atomics.notify(cell, 0); }, ${WAIT_MS});
    expect(await message(worker)).toBe('woken');`,
  'a worker asleep, in the place an earlier test hung, until a computing worker wakes it': `
    const cell = new Int32Array(new SharedArrayBuffer(4));
    const waiter = start('wait-for-main', cell.buffer);
    start('compute-then-wake', cell.buffer);
    expect(await message(waiter)).toBe('woken');`,
  'a worker asleep for good until its own computing child wakes it': `
    expect(await message(start('parent-of-computer'))).toBe('child done');`,
  'an Atomics.waitAsync with a time-out on the main thread': `
    const cell = new Int32Array(new SharedArrayBuffer(4));
    const waited = Atomics.waitAsync(cell, 0, 0, ${WAIT_MS});
    expect(waited.async).toBe(true);
    expect(await waited.value).toBe('timed-out');`,
  'a worker in an Atomics.waitAsync with a time-out': `expect(await message(start('wait-async'))).toBe('timed-out');`,
  'fake timers while a worker sleeps': `
    jest.useFakeTimers();
    try {
      let fired = false;
      setTimeout(() => (fired = true), 60_000);
      expect(await message(start('timed-sleep'))).toBe('slept');
      await jest.advanceTimersByTimeAsync(60_000);
      expect(fired).toBe(true);
    } finally {
      jest.useRealTimers();
    }`,
  // A worker stopped with terminate() never runs its own exit handler: whoever started it marks
  // its slot exited on seeing its exit event, or the slot would say "running" for good and the
  // preempters below would keep interrupting it, busy enough to hold off the hung verdict.
  // It runs before them so that they meet such slots.
  'workers stopped in a timed wait, by the main thread or by their parent, are marked exited': `
    const activity = require(${JSON.stringify(path.join(__dirname, '../runtime/thread-activity.js'))});
    const cells = new Int32Array(require('worker_threads').getEnvironmentData(activity.BOARD_KEY));
    const stateOf = (thread: number) => {
      const states: number[] = [];
      for (let slot = 0; slot < Atomics.load(cells, 0); slot++) {
        const at = activity.HEADER + slot * activity.STRIDE;
        if (Atomics.load(cells, at + activity.THREAD) === thread)
          states.push(Atomics.load(cells, at + activity.STATE));
      }
      return states;
    };
    const sleeper = start('announce-then-sleep');
    await message(sleeper);
    const thread = sleeper.threadId;
    await sleeper.terminate();
    const child = await message(start('stop-own-child'));
    expect({ byMain: stateOf(thread), byParent: stateOf(child as number) }).toEqual({
      byMain: [activity.EXITED],
      byParent: [activity.EXITED],
    });`,
  // The test kit's poll (testkit/until.ts) waits only for other threads: beside workers asleep
  // for good it is hung, beside a worker that may still run it is not.
  'a test kit poll for what a worker asleep for good would do': `
    const { until } = require('@course/testkit');
    const cell = new Int32Array(new SharedArrayBuffer(4));
    start('wait-for-main', cell.buffer);
    await until(() => Atomics.load(cell, 0) === 1);`,
  'a test kit poll for what a worker in a timed wait will do': `
    const { until } = require('@course/testkit');
    const cell = new Int32Array(new SharedArrayBuffer(4));
    start('timed-sleep-then-set', cell.buffer);
    await until(() => Atomics.load(cell, 0) === 1);`,
  // The test kit's preempters (testkit/preempt.ts) run for as long as the test does, but can wake
  // nobody: they neither keep a dead test alive nor make a live one look dead.
  'workers asleep for good beside preempters': `
    const { startPreempters } = require('@course/testkit/preempt');
    startPreempters(2);
    await Promise.all([1, 2].map(() => exited(start('sleep-forever'))));`,
  'a worker computing beside preempters': `
    const { startPreempters } = require('@course/testkit/preempt');
    const preempters = startPreempters(2);
    try {
      expect(await message(start('compute'))).toBe(true);
    } finally {
      await preempters.stop();
    }`,
};

// A worker stopped because its parent ended says nothing for itself either: marked exited with its
// parent, it is not taken for a worker still running, which would hold off every later hung
// verdict in the process (and keep preempters interrupting it). Last, so that it spoils no other.
TESTS['a worker asleep for good, after a worker that ended while its own child slept'] = `
    await exited(start('leave-own-child'));
    await message(start('wait-for-main', new SharedArrayBuffer(4)));`;

const HUNG = [
  'a promise that never settles',
  'a worker asleep for good where nothing will wake it',
  'the same wait again, where nothing will wake it',
  'workers asleep for good in Atomics.wait',
  'a worker idle in its event loop, waiting for a message that never comes',
  'a worker asleep for good beside its own child asleep for good',
  'workers asleep for good beside preempters',
  'a test kit poll for what a worker asleep for good would do',
  'a worker asleep for good, after a worker that ended while its own child slept',
];

/** A test file of these tests, each an async body, with `start` (a worker of the script) and `helpers`. */
const testFileText = (worker: string, tests: Record<string, string>, helpers: string[]) =>
  [
    "import { Worker } from 'worker_threads';",
    `const start = (how: string, cell?: SharedArrayBuffer) => new Worker(${JSON.stringify(worker)}, { workerData: { how, ms: ${WAIT_MS}, cell } });`,
    ...helpers,
    ...Object.entries(tests).map(
      ([title, body]) => `test(${JSON.stringify(title)}, async () => {${body}\n});`,
    ),
    '',
  ].join('\n');

/** One unsandboxed attempt of these tests, each with the file's limit. */
const attemptOf = (
  testFile: string,
  titles: string[],
  exerciseDir: string,
  subjectRoot: string,
  more: { deadStates?: string[] } = {},
) =>
  runJestAttempt({
    ...more,
    testFile,
    tests: planTests(titles.map((name) => ({ name, timeoutMs: LIMIT_MS }))),
    subjectRoot,
    exerciseDir,
    workDir: root,
    loadLimitMs: 60_000,
    loadCpuMs: LIMITS.loadCpuMs,
    sandbox: { kind: 'none', reason: 'the permission model is what matters here' },
  });

let attempt: Attempt;
beforeAll(async () => {
  const exerciseDir = path.join(root, 'exercise');
  const subjectRoot = path.join(root, 'subject');
  fs.mkdirSync(path.join(exerciseDir, 'tests'), { recursive: true });
  fs.mkdirSync(subjectRoot, { recursive: true });
  const worker = path.join(exerciseDir, 'tests', 'worker.ts');
  fs.writeFileSync(worker, WORKER);
  const testFile = path.join(exerciseDir, 'tests', 'hang.test.ts');
  fs.writeFileSync(
    testFile,
    testFileText(worker, TESTS, [
      "const exited = (worker: Worker) => new Promise((resolve) => worker.once('exit', resolve));",
      "const message = (worker: Worker) => new Promise((resolve) => worker.once('message', resolve));",
    ]),
  );
  prewarm([worker, testFile]);
  attempt = await attemptOf(testFile, Object.keys(TESTS), exerciseDir, subjectRoot);
}, 240_000);

const resultOf = (title: string) =>
  attempt.events.find((event) => event.type === 'result' && event.name === title) as
    { status: string; durationMs: number } | undefined;

test('the run itself went through: every test reported, nothing tampered', () => {
  expect(attempt.stop).toEqual({ kind: 'finished' });
  expect(attempt.tampering).toEqual([]);
  expect(Object.keys(TESTS).map((title) => resultOf(title)?.status !== undefined)).not.toContain(
    false,
  );
});

test.each(HUNG)('hung, in about a second instead of the limit: %s', (title) => {
  const overrun = attempt.overruns.get(title) as Extract<Overrun, { why: 'hung' }> | undefined;
  expect(overrun?.why).toBe('hung');
  expect(resultOf(title)?.status).toBe('failed');
  expect(attempt.passed.has(title)).toBe(false);
  // Ended as hung by the watch, before its limit: `why` says which, not a wall-clock bound.
  expect(overrun!.afterMs).toBeLessThan(LIMIT_MS);
});

test('a hung test names how its workers wait', () => {
  const sleeping = attempt.overruns.get('workers asleep for good in Atomics.wait');
  expect(sleeping).toMatchObject({
    why: 'hung',
    threads: [1, 2, 3].map(() => expect.objectContaining({ state: 'waiting' })),
  });
  expect(
    attempt.overruns.get('a worker idle in its event loop, waiting for a message that never comes'),
  ).toMatchObject({ threads: [expect.objectContaining({ state: 'idle' })] });
  expect(attempt.overruns.get('a promise that never settles')).toMatchObject({ threads: [] });
  // The parent and its child, both asleep.
  expect(
    attempt.overruns.get('a worker asleep for good beside its own child asleep for good'),
  ).toMatchObject({ threads: [{ state: 'waiting' }, { state: 'waiting' }] });
});

test('a hung worker says where it waits, and the same dead state again ends after a short look', () => {
  const waitLine =
    WORKER.split('\n').findIndex((line) => line.includes('Atomics.wait(new Int32Array(cell!)')) + 1;
  const first = attempt.overruns.get('a worker asleep for good where nothing will wake it');
  const again = attempt.overruns.get('the same wait again, where nothing will wake it');
  const place = expect.stringContaining(`worker.ts:${waitLine}:`);
  expect(first).toMatchObject({ why: 'hung', threads: [{ state: 'waiting', site: place }] });
  expect(first).not.toHaveProperty('again');
  expect(again).toMatchObject({ why: 'hung', again: true, threads: [{ site: place }] });
});

test.each(Object.keys(TESTS).filter((title) => !HUNG.includes(title)))(
  'never called hung, and passes: %s',
  (title) => {
    expect(attempt.overruns.get(title)).toBeUndefined();
    expect(resultOf(title)?.status).toBe('passed');
    expect(attempt.passed.has(title)).toBe(true);
  },
);

describe('a main thread blocked for good', () => {
  // The main thread in an endless Atomics.wait cannot look itself: the watch's own thread
  // (jest/hang-watch-worker.ts) says so, and the process is ended at once, not at the limit.
  const BLOCKED: Record<string, string> = {
    'a worker asleep for good and the main thread waiting for it': `
      start('sleep-forever');
      blockForGood();`,
    'the main thread waiting where the earlier test did': `
      blockForGood();`,
  };
  let blocked: Attempt[];
  beforeAll(async () => {
    const exerciseDir = path.join(root, 'blocked');
    fs.mkdirSync(path.join(exerciseDir, 'tests'), { recursive: true });
    const worker = path.join(exerciseDir, 'tests', 'worker.ts');
    fs.writeFileSync(worker, WORKER);
    const testFile = path.join(exerciseDir, 'tests', 'blocked.test.ts');
    fs.writeFileSync(
      testFile,
      testFileText(worker, BLOCKED, [
        'const blockForGood = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);',
      ]),
    );
    prewarm([worker, testFile]);
    // The first test blocks its process: the second runs in a process of its own, as the grader's
    // retry would run it, with the dead state the first was hung in (run/run-tests.ts).
    blocked = [];
    let deadStates: string[] | undefined;
    for (const title of Object.keys(BLOCKED)) {
      const attempt = await attemptOf(testFile, [title], exerciseDir, path.join(root, 'subject'), {
        deadStates,
      });
      const overrun = attempt.overruns.get(title);
      if (overrun?.why === 'hung') deadStates = overrun.keys;
      blocked.push(attempt);
    }
  }, 240_000);

  test('is called hung by the watch thread, with where the main thread waits, and ended', () => {
    const [title, second] = Object.keys(BLOCKED);
    const first = blocked[0].overruns.get(title);
    expect(first).toMatchObject({
      why: 'hung',
      blocked: true,
      mainSite: expect.stringContaining('blocked.test.ts:'),
      threads: [{ state: 'waiting', site: expect.stringContaining('worker.ts:') }],
    });
    // Ended by the grader at the watch's word, before jest could report anything.
    expect(blocked[0].stop).toEqual({ kind: 'test-timeout', test: title, limitMs: LIMIT_MS });
    expect(blocked[0].passed.size).toBe(0);
    // Its dead state (the worker's place and the main thread's) went with the retry, where the
    // main thread blocked in the same place is ended after the short look.
    expect(first).toMatchObject({
      keys: [expect.stringMatching(/^waiting at /), expect.anything()],
    });
    expect(blocked[1].overruns.get(second)).toMatchObject({
      why: 'hung',
      blocked: true,
      threads: [],
      again: true,
    });
  });
});
