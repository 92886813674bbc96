import {
  ANNOTATIONS_PER_LEVEL,
  annotationsFor,
  escapeData,
  escapeProperty,
  formatCommand,
  renderAnnotations,
} from './github';
import {
  documentOf,
  doesNotCompile,
  exerciseResult,
  passing,
  studentFiles,
  testResult,
  tricky,
} from './__fixtures__/results';

/** Reads a workflow command back as the Actions runner does (ActionCommand.TryParse). */
function parseCommand(line: string) {
  const match = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const unescape = (text: string) =>
    text
      .replace(/%0D/g, '\r')
      .replace(/%0A/g, '\n')
      .replace(/%3A/g, ':')
      .replace(/%2C/g, ',')
      .replace(/%25/g, '%');
  const properties: Record<string, string> = {};
  for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
    const [key, ...value] = pair.split('=');
    properties[key] = unescape(value.join('='));
  }
  return { command: match[1], properties, message: unescape(match[3]) };
}

const options = { pathPrefix: 'exercises/', studentFiles };

test('data escapes %, CR and LF; properties also escape : and ,', () => {
  expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
  expect(escapeProperty('ex03: a, b')).toBe('ex03%3A a%2C b');
  // % first, so an escape sequence in the input is not decoded later.
  expect(escapeData('%0A')).toBe('%250A');
});

test('a failed visible test annotates the student file and line it points to, message intact', () => {
  const lines = renderAnnotations(documentOf(exerciseResult()), options).trimEnd().split('\n');
  // Every annotation is exactly one line, whatever the message holds.
  expect(lines.map((line) => line.split(' ')[0])).toEqual(['::error', '::notice']);
  const failed = parseCommand(lines[0]);
  expect(failed.command).toBe('error');
  expect(failed.properties).toEqual({
    file: 'exercises/ex03-race-and-lock/mutex.ts',
    line: '14',
    col: '7',
    title: 'ex03: ten workers, one lock: no update lost (failed)',
  });
  expect(failed.message).toBe(
    `${tricky}\nhint: use Atomics.compareExchange\n(2 more failures in ex03: see the job summary)`,
  );
});

test('one error per exercise, its first failure; one notice counts the others', () => {
  const lines = renderAnnotations(documentOf(exerciseResult()), options).trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  expect(parseCommand(lines[0]).properties.title).toBe(
    'ex03: ten workers, one lock: no update lost (failed)',
  );
  // The timed-out visible test and the failed hidden test are in the job summary.
  expect(parseCommand(lines[1])).toEqual({
    command: 'notice',
    properties: { title: 'More failures in the job summary' },
    message: '2 more failures: see the job summary (ex03: 2).',
  });
});

/** Twelve exercises, ex01 to ex12, each with two failing visible tests. */
function twelveFailing() {
  return documentOf(
    ...Array.from({ length: 12 }, (_, index) => {
      const id = `ex${String(index + 1).padStart(2, '0')}`;
      return exerciseResult({
        id,
        slug: 'many',
        tests: [1, 2].map((n) =>
          testResult({
            name: `test ${n}`,
            status: 'fail',
            score: 0,
            message: `${id} failure ${n}`,
            location: { file: `${id}-many/code.ts`, line: n * 10, column: 3 },
          }),
        ),
      });
    }),
  );
}

test('at most 10 errors, in exercise order, then one notice naming the rest', () => {
  const lines = renderAnnotations(twelveFailing(), options).trimEnd().split('\n').map(parseCommand);
  const errors = lines.filter((line) => line.command === 'error');
  expect(errors).toHaveLength(ANNOTATIONS_PER_LEVEL);
  expect(ANNOTATIONS_PER_LEVEL).toBe(10);
  expect(errors.map((error) => [error.properties.file, error.properties.line])).toEqual(
    Array.from({ length: 10 }, (_, index) => {
      const id = `ex${String(index + 1).padStart(2, '0')}`;
      return [`exercises/${id}-many/code.ts`, '10'];
    }),
  );
  expect(errors[0].message).toBe('ex01 failure 1\n(1 more failure in ex01: see the job summary)');
  expect(lines.slice(10)).toEqual([
    {
      command: 'notice',
      properties: { title: 'More failures in the job summary' },
      message:
        '14 more failures: see the job summary (ex01: 1, ex02: 1, ex03: 1, ex04: 1, ex05: 1, ex06: 1, ex07: 1, ex08: 1, ex09: 1, ex10: 1, ex11: 2, ex12: 2).',
    },
  ]);
});

test('type errors: one error on the first, the others counted', () => {
  const broken = doesNotCompile();
  const first = broken.compile.diagnostics[0];
  broken.compile.diagnostics.push({ ...first, line: 8 }, { ...first, line: 9 });
  const annotations = annotationsFor(documentOf(broken), options);
  expect(annotations.map((annotation) => [annotation.level, annotation.line])).toEqual([
    ['error', 3],
    ['notice', undefined],
  ]);
  expect(annotations[1].message).toBe('2 more failures: see the job summary (ex04: 2).');
});

test('formatting notices never push out the count of failures', () => {
  const document = twelveFailing();
  for (const exercise of document.exercises)
    exercise.style = {
      ok: false,
      unformatted: [`${exercise.id}-many/code.ts`],
      score: 0,
      max_score: 0,
    };
  const notices = annotationsFor(document, options).filter((a) => a.level === 'notice');
  expect(notices).toHaveLength(ANNOTATIONS_PER_LEVEL);
  expect(notices[0].message).toMatch(/^14 more failures: see the job summary/);
  expect(notices.slice(1).every((notice) => notice.title?.endsWith(': formatting'))).toBe(true);
});

test('a failure without a location lands on line 1 of the first student file', () => {
  const [timedOut] = annotationsFor(
    documentOf(
      exerciseResult({
        tests: exerciseResult().tests.filter((test) => test.status === 'timeout'),
      }),
    ),
    options,
  );
  expect(timedOut).toMatchObject({
    level: 'error',
    file: 'exercises/ex03-race-and-lock/counter.ts',
    line: 1,
    title: 'ex03: waits for the lock (timed out)',
  });
});

test('failed hidden tests give one annotation with a count, never a name or message', () => {
  const document = documentOf(
    exerciseResult({
      tests: [
        {
          name: 'hidden test 1',
          visibility: 'hidden',
          status: 'fail',
          score: 0,
          max_score: 2,
        },
        {
          name: 'hidden test 2',
          visibility: 'after_due_date',
          status: 'pass',
          score: 1,
          max_score: 1,
        },
      ],
    }),
  );
  const annotations = annotationsFor(document, options);
  expect(annotations).toHaveLength(1);
  expect(annotations[0].title).toBe('ex03: hidden tests failed');
  expect(annotations[0].message).toMatch(/^1 of 2 hidden tests did not pass \(2 points\)/);
  // Nothing points at a line: the annotation is on the file, with no line it did not observe.
  expect(annotations[0].file).toBe('exercises/ex03-race-and-lock/counter.ts');
  expect(annotations[0].line).toBeUndefined();
  expect(parseCommand(formatCommand(annotations[0])).properties).toEqual({
    file: 'exercises/ex03-race-and-lock/counter.ts',
    title: 'ex03: hidden tests failed',
  });
});

test('the annotation says what kind of input a hidden case table failed for, each kind once', () => {
  const failedFor = (kind: string, name: string) =>
    testResult({
      name,
      visibility: 'hidden',
      status: 'fail',
      score: 0,
      max_score: 2,
      failed_input_kind: kind,
    });
  const hiddenOnly = documentOf(
    exerciseResult({
      tests: [
        failedFor('no inputs at all', 'hidden table 1'),
        failedFor('no inputs at all', 'hidden table 2'),
        failedFor('a task killed by a signal', 'hidden table 3'),
        // A kind on a passing test was not failed for.
        testResult({ name: 'hidden 4', visibility: 'hidden', failed_input_kind: 'a single input' }),
      ],
    }),
  );
  const [annotation] = annotationsFor(hiddenOnly, options);
  expect(annotation.title).toBe('ex03: hidden tests failed');
  const lines = annotation.message.split('\n');
  expect(lines[0]).toMatch(/^3 of 4 hidden tests did not pass/);
  expect(lines.slice(1)).toEqual([
    'A hidden test failed for no inputs at all.',
    'A hidden test failed for a task killed by a signal.',
    'Stuck? one cell of shared memory',
  ]);
  expect(annotation.message).not.toContain('hidden table');
  expect(annotation.message).not.toContain('a single input');
  // The line survives the workflow command whole.
  expect(parseCommand(formatCommand(annotation)).message).toBe(annotation.message);

  // A visible failure comes first, and the hidden table's kind comes with it.
  const withVisible = documentOf(
    exerciseResult({
      tests: [
        testResult({ name: 'visible one', status: 'fail', score: 0, message: 'expected 1' }),
        failedFor('repeated inputs whose results must stay apart', 'hidden table 1'),
      ],
    }),
  );
  const [first] = annotationsFor(withVisible, options);
  expect(first.title).toBe('ex03: visible one (failed)');
  expect(first.message.split('\n')).toEqual([
    'expected 1',
    'A hidden test failed for repeated inputs whose results must stay apart.',
    '(1 more failure in ex03: see the job summary)',
  ]);
});

test('hidden-only failures with no location land on what their promises name, never their names', () => {
  const sources = {
    ex03: [
      { file: 'ex03-race-and-lock/counter.ts', text: 'export function countWithLock() {}\n' },
      {
        file: 'ex03-race-and-lock/mutex.ts',
        text: 'export class Mutex {\n  lock(): void {}\n\n  unlock(): void {}\n}\n',
      },
    ],
  };
  const document = documentOf(
    exerciseResult({
      tests: [
        { name: 'hidden test 1', visibility: 'hidden', status: 'fail', score: 0, max_score: 2 },
      ],
    }),
  );
  const hiddenAbout = { ex03: ['unlock() frees the lock and wakes one waiter'] };
  const [annotation] = annotationsFor(document, { ...options, sources, hiddenAbout });
  expect(annotation).toMatchObject({
    file: 'exercises/ex03-race-and-lock/mutex.ts',
    line: 4,
    col: 3,
    title: 'ex03: hidden tests failed',
  });
  expect(annotation.message).toMatch(
    /^1 of 1 hidden tests did not pass \(2 points\); they check what is declared here\./,
  );
  expect(annotation.message).not.toContain('hidden test 1');
  // A promise that names nothing the student declared: the file, with no line.
  const [unnamed] = annotationsFor(document, {
    ...options,
    sources,
    hiddenAbout: { ex03: ['the count is exact under contention'] },
  });
  expect(unnamed).toMatchObject({ file: 'exercises/ex03-race-and-lock/counter.ts' });
  expect(unnamed.line).toBeUndefined();
  expect(unnamed.message).not.toContain('declared here');
});

test('type errors annotate their own file, line and column', () => {
  const [annotation] = annotationsFor(documentOf(doesNotCompile()), options);
  expect(parseCommand(formatCommand(annotation))).toEqual({
    command: 'error',
    properties: {
      file: 'exercises/ex04-worker-queue/queue.ts',
      line: '3',
      col: '9',
      title: 'ex04 does not compile (TS2322)',
    },
    message: "Type 'string' is not assignable to type 'number'.",
  });
});

test('a passing exercise gives no annotation; unformatted code gives a notice', () => {
  expect(renderAnnotations(documentOf(passing()), options)).toBe('');
  const styled = passing();
  styled.style = {
    ok: false,
    unformatted: ['ex01-generator-tasks/tasks.ts'],
    score: 0,
    max_score: 0,
  };
  const [notice] = annotationsFor(documentOf(styled), options);
  expect(notice).toMatchObject({
    level: 'notice',
    file: 'exercises/ex01-generator-tasks/tasks.ts',
    line: 1,
  });
});

test('nothing could run (files missing): one error without a file', () => {
  const missing = exerciseResult({
    status: 'error',
    message: 'not submitted: ex03-race-and-lock/mutex.ts not found',
  });
  expect(annotationsFor(documentOf(missing), options)).toEqual([
    {
      level: 'error',
      title: 'ex03 could not be checked',
      message: 'not submitted: ex03-race-and-lock/mutex.ts not found',
    },
  ]);
});

test('a visible failure with no line lands where a hidden test failed in the student code', () => {
  // ex03: the visible test is about counter.ts, the bug is in mutex.ts (a hidden test's place).
  const at = { file: 'ex03-race-and-lock/mutex.ts', line: 15, column: 15 };
  const [annotation] = annotationsFor(
    documentOf(
      exerciseResult({
        tests: [
          testResult({ name: 'countWithLock counts', status: 'fail', score: 0, message: 'short' }),
          testResult({
            name: 'hidden test 1',
            visibility: 'hidden',
            status: 'fail',
            score: 0,
            location: at,
          }),
        ],
      }),
    ),
    options,
  );
  expect(annotation).toMatchObject({
    file: 'exercises/ex03-race-and-lock/mutex.ts',
    line: 15,
    col: 15,
    title: 'ex03: countWithLock counts (failed)',
  });
  expect(annotation.message).toContain('A hidden test failed at this line of your code.');
  expect(annotation.message).not.toContain('hidden test 1');
});

test('with no place at all, the declaration of what the test is about', () => {
  const sources = {
    ex03: [
      {
        file: 'ex03-race-and-lock/counter.ts',
        text: 'import x;\n\nexport function countWithLock() {}\n',
      },
    ],
  };
  const document = documentOf(
    exerciseResult({
      tests: [testResult({ name: 'countWithLock counts', status: 'fail', score: 0 })],
    }),
  );
  expect(annotationsFor(document, { ...options, sources })[0]).toMatchObject({
    file: 'exercises/ex03-race-and-lock/counter.ts',
    line: 3,
    col: 17,
  });
});

test('a test whose name names nothing declared lands on what its promises name', () => {
  const sources = {
    ex03: [
      {
        file: 'ex03-race-and-lock/counter.ts',
        text: 'import x;\nexport function countWithLock() {}\n',
      },
    ],
  };
  const about = {
    ex03: { 'the count is exact': ['countWithLock(counter, times) adds 1 each time'] },
  };
  const document = documentOf(
    exerciseResult({
      tests: [testResult({ name: 'the count is exact', status: 'fail', score: 0 })],
    }),
  );
  expect(annotationsFor(document, { ...options, sources })[0]).toMatchObject({ line: 1 });
  expect(annotationsFor(document, { ...options, sources, about })[0]).toMatchObject({
    file: 'exercises/ex03-race-and-lock/counter.ts',
    line: 2,
    col: 17,
  });
});
