import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCourse } from '../course/load';
import type { Exercise } from '../course/types';
import { graderRoot } from '../paths';
import type { StuckThread } from '../result/types';
import { readVariants } from '../verify/variants';
import { planTests } from '../jest/channel';
import { runJestAttempt } from './jest-attempt';
import { LIMITS } from './limits';
import { prewarm } from './prewarm';
import { explainStuck, StuckExplanation } from './stuck';

// The course's own exercises, tests and known-wrong solutions, run as the grader runs them (one
// jest process per test file, under the watchdog): the stack probe must say where each thread
// waits, in the student's TypeScript lines. The limits are cut (in a copy of the exercise, whose
// tests read them from its manifest) so each hang costs a second or two, not the course's 5-30 s.
// The type-check is left out: it proves nothing here and costs the most on a busy machine.

const course = loadCourse(graderRoot);
const exerciseOf = (id: string) => course.exercises.find((exercise) => exercise.id === id)!;
const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs one test of a copy of the exercise against `files`, with `limitMs`; what the probe saw.
 * `extra` is a test file added to the copy's tests/ folder, holding the test `title`.
 */
async function hang(
  exercise: Exercise,
  files: Record<string, string>,
  title: string,
  limitMs: number,
  extra?: { name: string; text: string },
): Promise<StuckExplanation | undefined> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-stuck-'));
  temporary.push(root);
  const dir = path.join(root, 'course', 'exercises', exercise.folder);
  fs.cpSync(exercise.dir, dir, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'exercise.json'), 'utf8')) as {
    tests: { name: string; timeoutMs?: number }[];
  };
  const entry = manifest.tests.find((test) => test.name === title);
  if (entry) entry.timeoutMs = limitMs;
  fs.writeFileSync(path.join(dir, 'exercise.json'), JSON.stringify(manifest));
  const subject = path.join(root, 'subject');
  fs.mkdirSync(path.join(subject, exercise.folder), { recursive: true });
  const studentFiles = Object.entries(files).map(([file, text]) => {
    const written = path.join(subject, exercise.folder, file);
    fs.writeFileSync(written, text);
    return written;
  });
  const copied = (file: string) => path.join(dir, path.relative(exercise.dir, file));
  const testFile = extra
    ? path.join(dir, 'tests', extra.name)
    : copied(exercise.tests.find((test) => test.name === title)!.file!);
  if (extra) fs.writeFileSync(testFile, extra.text);
  const support = ['tests', 'hidden'].flatMap((folder) =>
    fs.readdirSync(path.join(dir, folder)).map((name) => path.join(dir, folder, name)),
  );
  prewarm([...studentFiles, ...support.filter((file) => file.endsWith('.ts'))]);
  const attempt = await runJestAttempt({
    testFile,
    tests: planTests([{ name: title, timeoutMs: limitMs }]),
    subjectRoot: subject,
    exerciseDir: dir,
    workDir: root,
    // The probe needs the inspector, which the permission model of graded runs refuses.
    confined: false,
    loadLimitMs: 60_000,
    loadCpuMs: LIMITS.loadCpuMs,
    sandbox: { kind: 'none', reason: 'not needed to see where code waits' },
  });
  expect(attempt.tampering).toEqual([]);
  expect(attempt.passed.has(title)).toBe(false);
  const report = attempt.stuck.get(title);
  return report && explainStuck(report, { subjectRoot: subject, studentFiles });
}

/** The 1-based line of the only line of `source` that contains `text`. */
function lineOf(source: string, text: string): number {
  const lines = source.split('\n');
  const found = lines.flatMap((line, index) => (line.includes(text) ? [index + 1] : []));
  expect(found).toHaveLength(1);
  return found[0];
}

/** The line inside `method`'s body (from its declaration on) that contains `text`. */
function lineIn(source: string, method: string, text: string): number {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^\\s+(private )?${method}[<(]`).test(line));
  expect(start).toBeGreaterThanOrEqual(0);
  return start + 1 + lines.slice(start).findIndex((line) => line.includes(text));
}

const at = (thread: StuckThread | undefined) =>
  thread?.frames.map((frame) => `${frame.function} ${frame.file}:${frame.line}`);

test('ex03: a mutex whose unlock never notifies leaves the workers waiting in Mutex.lock, named with their lines', async () => {
  const exercise = exerciseOf('ex03');
  const wrong = readVariants(course, exercise).variants.find((each) => each.name === 'no-wake')!;
  // The course's own tests give up on stalled workers before their limit, with their own message;
  // this one, beside them, only waits, as a student's own test would.
  const title = 'four workers count under the mutex';
  const explained = await hang(exercise, wrong.files, title, 4000, {
    name: 'stuck.test.ts',
    text: [
      "import { runWorkers } from '@course/testkit';",
      "import { Mutex } from '@subject/ex03-race-and-lock/mutex';",
      "import { COUNT_WORKER, newCounter } from './helpers';",
      `test('${title}', async () => {`,
      '  const mutex = new Mutex();',
      '  const counter = newCounter();',
      '  await runWorkers(COUNT_WORKER, 4, () => ({',
      '    counterBuffer: counter.buffer,',
      '    lockBuffer: mutex.buffer,',
      '    times: 1_000_000,',
      '  }));',
      '});',
      '',
    ].join('\n'),
  });
  const mutex = wrong.files['mutex.ts'];
  const waitLine = lineIn(mutex, 'lock', 'Atomics.wait(');
  const lockCall = lineIn(mutex, 'withLock', 'this.lock()');
  const withLockCall = lineOf(wrong.files['counter.ts'], '.withLock(');

  expect(explained?.stuck.verdict).toBe('deadlock');
  const [main, ...workers] = explained!.stuck.threads;
  // The test awaits its workers: the main thread is back in its event loop, in none of their code.
  expect(main).toEqual({ name: 'main thread', state: 'idle', frames: [] });
  // Every worker still alive sleeps in lock(), called from withLock, called from countWithLock.
  expect(workers.length).toBeGreaterThan(0);
  for (const worker of workers) {
    expect(worker.name).toMatch(/^worker [1-4] of [1-4]$/);
    expect(worker.state).toBe('waiting');
    expect(at(worker)?.slice(0, 3)).toEqual([
      `Mutex.lock ex03-race-and-lock/mutex.ts:${waitLine}`,
      `Mutex.withLock ex03-race-and-lock/mutex.ts:${lockCall}`,
      `countWithLock ex03-race-and-lock/counter.ts:${withLockCall}`,
    ]);
  }
  expect(explained!.text).toMatch(
    new RegExp(`^likely deadlock in Mutex\\.lock \\(mutex\\.ts:${waitLine}:\\d+\\)\n`),
  );
  expect(explained!.text).toContain(`waiting in Atomics.wait, Mutex.lock (mutex.ts:${waitLine}:`);
  // The annotation goes where the first stuck thread waits, the main thread being in none of it.
  expect(explained!.location).toMatchObject({
    file: 'ex03-race-and-lock/mutex.ts',
    line: waitLine,
  });
}, 90_000);

test('ex04: a consumer stuck in get is named, on the main thread and in a worker', async () => {
  const exercise = exerciseOf('ex04');
  const solution = fs.readFileSync(
    path.join(graderRoot, 'solutions', exercise.folder, 'blocking-queue.ts'),
    'utf8',
  );
  const waitInGet =
    /(while \(Atomics\.load\(this\.cells, COUNT\)) === 0(\) this\.waitUnlocked\(ITEM_ADDED\))/;
  const notifyAdded = /\n\s*Atomics\.notify\(this\.cells, ITEM_ADDED, 1\);/;
  expect(solution).toMatch(waitInGet);
  expect(solution).toMatch(notifyAdded);
  // On the main thread: get waits while the queue is NOT empty, and nobody else puts.
  const inverted = solution.replace(waitInGet, '$1 !== 0$2');
  // In a worker: put never wakes a consumer asleep in get.
  const silent = solution.replace(notifyAdded, '');
  // Lines of each variant's own text: dropping the notify moves everything below it up one.
  const linesIn = (source: string) => ({
    sleep: lineIn(source, 'waitUnlocked', 'Atomics.wait('),
    getWaits: lineOf(source, 'this.waitUnlocked(ITEM_ADDED)'),
  });
  const expected = ({ sleep, getWaits }: ReturnType<typeof linesIn>) => [
    `BlockingQueue.waitUnlocked ex04-worker-queue/blocking-queue.ts:${sleep}`,
    `BlockingQueue.get ex04-worker-queue/blocking-queue.ts:${getWaits}`,
  ];
  const { sleep, getWaits } = linesIn(inverted);

  const onMain = await hang(
    exercise,
    { 'blocking-queue.ts': inverted },
    'from one thread the queue is first in, first out and counts its items',
    1000,
  );
  expect(onMain?.stuck).toEqual({
    verdict: 'deadlock',
    threads: [{ name: 'main thread', state: 'waiting', frames: expect.any(Array) }],
  });
  expect(at(onMain?.stuck.threads[0])).toEqual(expected(linesIn(inverted)));
  expect(onMain?.text).toMatch(
    new RegExp(
      `^likely deadlock in BlockingQueue\\.waitUnlocked \\(blocking-queue\\.ts:${sleep}:\\d+\\)\n` +
        `main thread: waiting in Atomics\\.wait, BlockingQueue\\.waitUnlocked \\(blocking-queue\\.ts:${sleep}:\\d+\\) <- BlockingQueue\\.get \\(blocking-queue\\.ts:${getWaits}:\\d+\\)$`,
    ),
  );
  expect(onMain?.location).toMatchObject({
    file: 'ex04-worker-queue/blocking-queue.ts',
    line: sleep,
  });

  const inWorker = await hang(
    exercise,
    { 'blocking-queue.ts': silent },
    'get on an empty queue waits for an item instead of returning at once',
    4000,
  );
  expect(inWorker?.stuck.verdict).toBe('deadlock');
  const [main, worker, ...more] = inWorker!.stuck.threads;
  expect(main).toEqual({ name: 'main thread', state: 'idle', frames: [] });
  expect(more).toEqual([]);
  expect(worker).toMatchObject({ name: 'worker 1 of 1', state: 'waiting' });
  const silentLines = linesIn(silent);
  expect(silentLines.sleep).toBe(sleep - 1);
  expect(at(worker)).toEqual(expected(silentLines));
  expect(inWorker?.text).toContain(
    `worker 1 of 1: waiting in Atomics.wait, BlockingQueue.waitUnlocked (blocking-queue.ts:${silentLines.sleep}:`,
  );
  expect(inWorker?.location).toMatchObject({ line: silentLines.sleep });
}, 90_000);
