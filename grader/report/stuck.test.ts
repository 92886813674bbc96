import { renderFeedback } from './feedback';
import { redactHidden } from '../result/redact';
import type { TestResult } from '../result/types';
import { schemaProblems } from '../schemas';
import { annotationsFor } from './github';
import { renderMarkdown } from './markdown';
import { renderTerminal } from './terminal';
import { documentOf, exerciseResult, studentFiles, testResult } from './__fixtures__/results';

// A timed-out test the stack probe explained (run/stuck.ts): every report shows where the threads
// were for a visible test, and a hidden one keeps it for the instructor only.

const message = [
  'timed out after 10 s: likely deadlock in Mutex.lock (mutex.ts:31:15)',
  'main thread: waiting in Atomics.wait, Mutex.lock (mutex.ts:31:15) <- Mutex.withLock (mutex.ts:47:10)',
  'worker 3 of 10: waiting in Atomics.wait, Mutex.lock (mutex.ts:31:15)',
].join('\n');
const frame = (line: number) => ({
  function: 'Mutex.lock',
  file: 'ex03-race-and-lock/mutex.ts',
  line,
  column: 15,
});
const stuckTest = (visibility: TestResult['visibility']): TestResult =>
  testResult({
    name: 'ten workers under the mutex',
    visibility,
    status: 'timeout',
    score: 0,
    message,
    location: { file: 'ex03-race-and-lock/mutex.ts', line: 31, column: 15 },
    stuck: {
      verdict: 'deadlock',
      threads: [
        { name: 'main thread', state: 'waiting', frames: [frame(31)] },
        { name: 'worker 3 of 10', state: 'waiting', frames: [frame(31)] },
      ],
    },
  });
const documentWith = (test: TestResult) =>
  documentOf(exerciseResult({ tests: [test], score: 0, max_score: 1 }));

test('the result document with a stuck test is valid against the schema', () => {
  expect(schemaProblems('result', documentWith(stuckTest('visible')), 'result.json')).toEqual([]);
  const bad = stuckTest('visible');
  (bad.stuck as { verdict: string }).verdict = 'unlucky';
  expect(schemaProblems('result', documentWith(bad), 'result.json')).not.toEqual([]);
});

test('a visible stuck test shows every thread in the terminal, the job summary and feedback.md', () => {
  const document = documentWith(stuckTest('visible'));
  for (const text of [
    renderTerminal(document),
    renderMarkdown(document),
    renderFeedback(document, []),
  ]) {
    expect(text).toContain('likely deadlock in Mutex.lock (mutex.ts:31:15)');
    expect(text).toContain('worker 3 of 10: waiting in Atomics.wait, Mutex.lock (mutex.ts:31:15)');
  }
});

test('the CI annotation goes on the line where the main thread was stuck, naming the verdict', () => {
  const [annotation] = annotationsFor(documentWith(stuckTest('visible')), {
    pathPrefix: 'exercises/',
    studentFiles,
  });
  expect(annotation).toMatchObject({
    level: 'error',
    file: 'exercises/ex03-race-and-lock/mutex.ts',
    line: 31,
  });
  expect(annotation.message).toContain('likely deadlock in Mutex.lock');
});

test('a hidden stuck test shows the student only the line of their code; the instructor keeps the rest', () => {
  const document = documentWith(stuckTest('hidden'));
  const redacted = redactHidden(document);
  const [shown] = redacted.exercises[0].tests;
  expect(shown).not.toHaveProperty('stuck');
  expect(shown).not.toHaveProperty('message');
  expect(JSON.stringify(shown)).not.toContain('Mutex.lock');
  expect(shown.location).toEqual({ file: 'ex03-race-and-lock/mutex.ts', line: 31, column: 15 });
  expect(document.exercises[0].tests[0].stuck?.verdict).toBe('deadlock');
  expect(renderTerminal(redacted)).toContain(
    'a hidden test failed at ex03-race-and-lock/mutex.ts:31:15',
  );
  expect(renderFeedback(document, [])).toContain(
    'A hidden test failed at exercises/ex03-race-and-lock/mutex.ts:31:15.',
  );
  // CI: on that line of that file (not line 1 of the exercise's first file), without the test.
  const [annotation] = annotationsFor(redacted, { pathPrefix: 'exercises/', studentFiles });
  expect(annotation).toMatchObject({
    file: 'exercises/ex03-race-and-lock/mutex.ts',
    line: 31,
    col: 15,
    title: 'ex03: hidden tests failed',
  });
  expect(annotation.message).not.toContain('ten workers');
});
