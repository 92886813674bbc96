import * as path from 'path';
import { loadCourse } from '../course/load';
import { hiddenTitles } from '../course/scan-tests';
import { documentOf, exerciseResult, testResult } from '../report/__fixtures__/results';
import { renderFeedback } from '../report/feedback';
import { renderTerminal } from '../report/terminal';
import { schemaProblems } from '../schemas';
import { caseFailureMessage } from '../testkit/case-table';
import { type TableKinds, readTableKinds, withFailedInputKinds } from './failed-input-kind';
import { redactHidden } from './redact';

const TITLE = 'runThreads reports, returns and rejects as expected on generated tasks and calls';
const CASE = 'runThreads([task 1 (throws undefined after 0 ms)])';
const tables: TableKinds[] = [
  { test: TITLE, kinds: ['an empty list of tasks', 'a single task that fails'] },
];

const failing = (message: string, visibility: 'hidden' | 'visible' = 'hidden') =>
  testResult({ name: TITLE, visibility, status: 'fail', score: 0, max_score: 2, message });
const tableFailure = (kind: string) =>
  caseFailureMessage(
    { kind, size: 1, input: {}, expected: {} },
    4,
    18,
    CASE,
    'expect(received).toStrictEqual(expected)',
  );
const kindOf = (message: string) =>
  withFailedInputKinds(exerciseResult({ tests: [failing(message)] }), tables).tests[0]
    .failed_input_kind;

test("a failing table test gets the kind its message names, when it is one of its table's kinds", () => {
  expect(kindOf(tableFailure('a single task that fails'))).toBe('a single task that fails');
  // Graded code may throw anything: a kind the table does not hold is never taken from a message.
  expect(kindOf(tableFailure('the hidden answer is 42'))).toBeUndefined();
  expect(kindOf(`lost one\n${tableFailure('an empty list of tasks')}`)).toBeUndefined();
  expect(kindOf('expect(received).toBe(expected)')).toBeUndefined();
  // A test of another name, or one that passed, gets none.
  const other = testResult({
    name: 'other',
    status: 'fail',
    message: tableFailure('a single task that fails'),
  });
  const passed = { ...failing(tableFailure('a single task that fails')), status: 'pass' as const };
  const result = withFailedInputKinds(exerciseResult({ tests: [other, passed] }), tables);
  expect(result.tests.map((test) => test.failed_input_kind)).toEqual([undefined, undefined]);
});

/** A check of ex02 with two hidden tests failing: one case table, one plain test. */
function failedCheck() {
  const result = withFailedInputKinds(
    exerciseResult({
      id: 'ex02',
      title: 'Threads and join',
      score: 1,
      max_score: 4,
      tests: [
        testResult({ name: 'joins one worker' }),
        failing(tableFailure('a single task that fails')),
        testResult({
          name: 'a secret plain test',
          visibility: 'hidden',
          status: 'fail',
          score: 0,
          message: 'expected 3 workers',
        }),
      ],
    }),
    tables,
  );
  return documentOf(result);
}

test('check and feedback.md tell which kind of input a hidden table failed for, and nothing of the case', () => {
  const redacted = redactHidden(failedCheck());
  expect(schemaProblems('result', redacted, 'result.json')).toEqual([]);
  const terminal = renderTerminal(redacted).split('\n');
  const at = terminal.findIndex((line) => line.startsWith('  hidden tests:'));
  expect(terminal.slice(at, at + 2)).toEqual([
    '  hidden tests: 0 of 2 passed, 0/3 points (names and messages are not shown)',
    '    a hidden test failed for a single task that fails',
  ]);
  const feedback = renderFeedback(redacted, []);
  expect(feedback).toContain('\nA hidden test failed for a single task that fails.\n');
  for (const shown of [JSON.stringify(redacted), terminal.join('\n'), feedback]) {
    expect(shown).not.toContain(TITLE);
    expect(shown).not.toContain(CASE);
    expect(shown).not.toContain('smallest failing case');
    expect(shown).not.toContain('a secret plain test');
  }
});

test("no kind a course table stores quotes a hidden test's title or is left unread", () => {
  const course = loadCourse(path.resolve(__dirname, '../..'));
  let tablesSeen = 0;
  for (const exercise of course.exercises) {
    const titles = hiddenTitles(exercise).map((title) => title.toLowerCase());
    for (const table of readTableKinds(exercise)) {
      tablesSeen++;
      expect(table.kinds.length).toBeGreaterThan(0);
      for (const kind of table.kinds) {
        // Shown to a student who cannot read the test: it may share words with a title, never be one.
        expect(titles.filter((title) => kind.toLowerCase().includes(title))).toEqual([]);
        // A kind is a short phrase on one line, not a case's description.
        expect(kind).toMatch(/^[^\n]{1,100}$/);
      }
    }
  }
  expect(tablesSeen).toBeGreaterThanOrEqual(6);
});
