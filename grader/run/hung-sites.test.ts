import { hungLocation, siteFrames, waitLines } from './hung-sites';

// Golden stacks as a worker's wait leaves them (runtime/thread-activity.js): only the student's
// own frames become places; a hidden test's helper never does.

const roots = {
  subjectRoot: '/class/alice',
  studentFiles: ['/class/alice/ex04-worker-queue/blocking-queue.ts'],
};
const STACK = [
  'Error',
  '    at BlockingQueue.waitUnlocked (/class/alice/ex04-worker-queue/blocking-queue.ts:87:13)',
  '    at BlockingQueue.get (/class/alice/ex04-worker-queue/blocking-queue.ts:61:46)',
  '    at Object.<anonymous> (/course/exercises/ex04-worker-queue/hidden/waiter.ts:12:20)',
  '    at Module._compile (node:internal/modules/cjs/loader:1554:14)',
].join('\n');

test("a wait's stack becomes the student's frames, innermost first", () => {
  expect(siteFrames(STACK, roots)).toEqual([
    {
      function: 'BlockingQueue.waitUnlocked',
      file: 'ex04-worker-queue/blocking-queue.ts',
      line: 87,
      column: 13,
    },
    {
      function: 'BlockingQueue.get',
      file: 'ex04-worker-queue/blocking-queue.ts',
      line: 61,
      column: 46,
    },
  ]);
});

test("a wait in a hidden test's helper, or no stack, names no place", () => {
  const helperOnly = ['Error', '    at /course/exercises/ex04-worker-queue/hidden/waiter.ts:3:1'];
  expect(siteFrames(helperOnly.join('\n'), roots)).toEqual([]);
  expect(siteFrames(undefined, roots)).toEqual([]);
  expect(siteFrames('not a stack at all', roots)).toEqual([]);
});

test('workers waiting in the same place share a line; the location is the first place', () => {
  const frames = siteFrames(STACK, roots);
  const threads = [
    { name: 'main thread', frames: [] },
    { name: 'worker 1 of 3', frames },
    { name: 'worker 2 of 3', frames: [] },
    { name: 'worker 3 of 3', frames },
  ];
  expect(waitLines(threads)).toEqual([
    'worker 1 of 3, worker 3 of 3 wait in Atomics.wait at blocking-queue.ts:87 (BlockingQueue.waitUnlocked)',
  ]);
  expect(hungLocation(threads)).toEqual({
    file: 'ex04-worker-queue/blocking-queue.ts',
    line: 87,
    column: 13,
  });
});
