import {
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
  expect(lines.every((line) => line.startsWith('::error '))).toBe(true);
  const failed = parseCommand(lines[0]);
  expect(failed.command).toBe('error');
  expect(failed.properties).toEqual({
    file: 'exercises/ex03-race-and-lock/mutex.ts',
    line: '14',
    col: '7',
    title: 'ex03: ten workers, one lock: no update lost (failed)',
  });
  expect(failed.message).toBe(`${tricky}\nhint: use Atomics.compareExchange`);
});

test('a failure without a location lands on line 1 of the first student file', () => {
  const [, timedOut] = annotationsFor(documentOf(exerciseResult()), options);
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
  expect(annotations[0].file).toBe('exercises/ex03-race-and-lock/counter.ts');
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
