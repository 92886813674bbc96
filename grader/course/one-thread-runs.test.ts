import * as fs from 'fs';
import * as path from 'path';
import { graderRoot } from '../paths';
import { dueNext } from '../result/runs-policy';
import type { TestResult } from '../result/types';
import { readCourse } from './load';

// The grading policy repeats only a test that can race (docs/grading.md, "Runs"): a test whose code
// runs on one thread has `runs: 1` of its own, and only such a test may have fewer runs than its
// exercise's. Each repeat of a test costs its file a test process, so one-thread tests left at the
// exercise's runs made a job pay processes for nothing.

const { course } = readCourse(graderRoot);
const CASE_TABLE = 'cases.test.ts';

/** The source of the test declared with this title, up to the next declaration. */
function bodyOf(file: string, title: string): string {
  const source = fs.readFileSync(file, 'utf8');
  const quoted = [JSON.stringify(title), `'${title.replace(/'/g, "\\'")}'`];
  // prettier puts a long title on a line of its own: test(\n  'title',
  const start = Math.max(
    ...quoted.map((text) => source.search(new RegExp(`test\\(\\s*${escapeRegExp(text)}`))),
  );
  if (start < 0) throw new Error(`no declaration of "${title}" in ${file}`);
  const next = source.indexOf('\ntest(', start + 1);
  return codeOnly(source.slice(start, next < 0 ? undefined : next));
}

/** Without comments and string literals: a message about "another worker" starts none. */
const codeOnly = (source: string) =>
  source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, "''");

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What starts another thread or process, directly or through the test kit and the exercises'
 * helpers: a tripwire for a test given one run by mistake, not a proof that a test has one thread.
 */
const THREADS = /Worker|worker|Waiter|Thread|runTraffic|signalAfter|fork\(|spawn\(|Preempters/;

test("a test with fewer runs than its exercise's starts no other thread", () => {
  const fewer = course.exercises.flatMap((exercise) =>
    exercise.tests
      .filter((test) => test.file && test.runs < (exercise.runs ?? 1))
      // The generated case tables (hidden/cases.test.ts) run once although they start threads or
      // processes: their cases are scripted inputs whose outcomes the reference fixed (grading.md).
      .filter((test) => path.basename(test.file!) !== CASE_TABLE)
      .map((test) => ({ test: test.name, threads: THREADS.test(bodyOf(test.file!, test.name)) })),
  );
  expect(fewer.filter((entry) => entry.threads)).toEqual([]);
});

test("ex04's tests from one thread are not repeated after a pass; its tests of threads are", () => {
  const ex04 = course.exercises.find((exercise) => exercise.id === 'ex04')!;
  const passedOnce = new Map(
    ex04.tests.map((test) => [test.name, [{ status: 'pass' } as TestResult]]),
  );
  const repeated = new Set(dueNext(ex04.tests, passedOnce).map((test) => test.name));
  expect(ex04.tests.filter((test) => !repeated.has(test.name)).map((test) => test.name)).toEqual([
    'from one thread the queue is first in, first out and counts its items',
    'items keep first-in first-out order while the ring wraps around many times',
    'the queue gives the expected items and sizes on generated sequences from one thread',
  ]);
  expect(repeated.size).toBe(ex04.tests.length - 3);
});
