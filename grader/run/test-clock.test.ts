import type { JestEvent } from '../jest/channel';
import { TestClock } from './test-clock';

const start = (name: string): JestEvent => ({ type: 'start', file: 't.test.ts', name });
const result = (name: string, status: string): JestEvent => ({
  type: 'result',
  file: 't.test.ts',
  name,
  status,
  durationMs: 1,
  failureMessages: [],
});

/** The clock after these events, the n-th at time n. */
function clockAfter(events: JestEvent[]): { clock: TestClock; news: boolean[] } {
  const clock = new TestClock(new Set(['first', 'second', 'third']));
  const news = events.map((event, at) => clock.take(event, at));
  return { clock, news };
}

test('a start for a test nobody planned is no running test (it was stopped at once as over a 0 ms limit, leaving the real one undecided)', () => {
  const { clock, news } = clockAfter([start('first'), start('nobody planned this')]);
  expect(clock.running()).toEqual({ name: 'first', since: 0 });
  expect(news).toEqual([true, false]);
});

test('a result that decides nothing does not end the running test (a crash then blames it)', () => {
  const { clock } = clockAfter([start('first'), result('first', 'pending')]);
  expect(clock.running()).toEqual({ name: 'first', since: 0 });
});

test('a start written again does not restart the clock, nor count as progress', () => {
  const { clock, news } = clockAfter([start('first'), start('first'), start('first')]);
  expect(clock.running()).toEqual({ name: 'first', since: 0 });
  expect(news).toEqual([true, false, false]);
});

test("another planned test's start leaves the one that runs in place", () => {
  const { clock } = clockAfter([start('first'), start('second')]);
  expect(clock.running()).toEqual({ name: 'first', since: 0 });
});

test('the honest sequence: each test runs from its start to its verdict, the end counted once', () => {
  const { clock, news } = clockAfter([
    start('first'),
    result('first', 'passed'),
    start('second'),
    result('second', 'failed'),
    { type: 'file', file: 't.test.ts' },
    { type: 'done' },
    { type: 'done' },
  ]);
  expect(clock.running()).toBeUndefined();
  expect(news).toEqual([true, true, true, true, true, true, false]);
  const midway = clockAfter([start('first'), result('first', 'passed'), start('second')]);
  expect(midway.clock.running()).toEqual({ name: 'second', since: 2 });
});

test("a done before the file's end, or with a test open, is graded code's: no end, and not finished", () => {
  const file: JestEvent = { type: 'file', file: 't.test.ts' };
  const done: JestEvent = { type: 'done' };
  // Believed, the process was killed with "second" undecided, and "second" ran again in a fresh one.
  const midTest = clockAfter([start('first'), result('first', 'passed'), start('second'), done]);
  expect(midTest.news).toEqual([true, true, true, false]);
  expect(midTest.clock.finished()).toBe(false);
  expect(midTest.clock.running()).toEqual({ name: 'second', since: 2 });
  // A file's end written too, with "second" still open: still not the end.
  const withFile = clockAfter([start('first'), file, done]);
  expect(withFile.news).toEqual([true, true, false]);
  expect(withFile.clock.finished()).toBe(false);
  // jest's own end then counts: a forged one does not use it up.
  const honest = clockAfter([start('first'), done, result('first', 'failed'), file, done]);
  expect(honest.news).toEqual([true, false, true, true, true]);
  expect(honest.clock.finished()).toBe(true);
});
