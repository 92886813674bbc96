import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readCourse } from '../course/load';
import { graderRoot } from '../paths';
import { FRAGMENT, letters, secretFilter, WITHHELD, withoutSecrets } from './secret-text';
import type { ExerciseResult } from './types';

const course = readCourse(graderRoot).course;
const ex06 = course.exercises.find((exercise) => exercise.id === 'ex06')!;
const filter = secretFilter(ex06, graderRoot);
const linesOf = (file: string) => fs.readFileSync(file, 'utf8').split('\n');

test('a hidden test title, anywhere in a text, withholds the text', () => {
  const hidden = ex06.tests.find((test) => test.visibility === 'hidden')!;
  expect(filter(`Error: look: ${hidden.name} !`)).toBe(WITHHELD);
});

test('one line of a hidden test file or of the solution withholds the text', () => {
  const hiddenLine = linesOf(path.join(ex06.dir, 'hidden', 'gather.test.ts')).find(
    (line) => line.trim().length > 40 && line.includes('expect('),
  )!;
  // A line of the solution that neither the README, the starter nor the visible tests hold.
  const known = letters(
    ['README.md', 'gather.ts', 'tests/gather.test.ts']
      .map((file) => fs.readFileSync(path.join(ex06.dir, file), 'utf8'))
      .join('\n'),
  );
  const solutionLine = linesOf(path.join(graderRoot, 'solutions', ex06.folder, 'gather.ts')).find(
    (line) =>
      line.includes('results') && line.trim().length >= 30 && !known.includes(letters(line)),
  )!;
  expect(filter(`printed:\n  ${hiddenLine.trim()}  \nmore`)).toBe(WITHHELD);
  expect(filter(`printed:\n${solutionLine}`)).toBe(WITHHELD);
});

test("the student's own failures, the starter and the visible tests pass through", () => {
  const visibleLine = linesOf(path.join(ex06.dir, 'tests', 'gather.test.ts')).find(
    (line) => line.trim().length > 40,
  )!;
  const starterLine = linesOf(path.join(ex06.dir, 'gather.ts')).find(
    (line) => line.trim().length > 30,
  )!;
  for (const text of [
    'expect(received).toEqual(expected)\n\nExpected: [1, 2]\nReceived: []',
    visibleLine,
    starterLine,
  ])
    expect(filter(text)).toBe(text);
});

test('only what graded code could have written is filtered; hidden tests keep their messages', () => {
  // What the type-checker said of a file that imports a hidden helper (hidden/timed-case.ts): its
  // errors print the helper's signatures.
  const hiddenType = linesOf(path.join(ex06.dir, 'hidden', 'timed-case.ts'))
    .find((line) => line.startsWith('export function'))!
    .replace(/^export function/, "Type '")
    .replace(/\{$/, "' is not assignable to type 'string'.");
  const ownType = "Type 'number' is not assignable to type 'string'.";
  const result = {
    message: 'x',
    output: ex06.tests.find((test) => test.visibility === 'hidden')!.name,
    compile: {
      ok: false,
      diagnostics: [hiddenType, ownType].map((message) => ({
        file: 'ex06-async-gather/gather.ts',
        line: 1,
        column: 1,
        code: 'TS2322',
        message,
      })),
    },
    tests: [
      { name: 'v', visibility: 'visible', message: 'plain' },
      { name: 'h', visibility: 'hidden', message: ex06.tests[6].name },
    ],
  } as unknown as ExerciseResult;
  const kept = withoutSecrets(result, filter);
  expect(kept.output).toBe(WITHHELD);
  expect(kept.message).toBe('x');
  expect(kept.tests.map((test) => test.message)).toEqual(['plain', ex06.tests[6].name]);
  expect(kept.compile.diagnostics.map((each) => each.message)).toEqual([WITHHELD, ownType]);
});

const hiddenLines = linesOf(path.join(ex06.dir, 'hidden', 'gather.test.ts'))
  .map((line) => line.trim())
  // Lines long enough that a cut one still holds a whole fragment, withheld by their fragments.
  .filter((line) => letters(line).length >= FRAGMENT + 12 && filter(`» ${line}`) === WITHHELD);

test.each([
  ['a prefix on every line', (line: string) => `» ${line}`],
  ['no-break and zero-width spaces', (line: string) => line.replace(/ /g, '\u00a0\u200b')],
  ['spaced out', (line: string) => [...line].join(' ')],
  ['upper case', (line: string) => line.toUpperCase()],
  [
    'fullwidth letters (NFKC)',
    (line: string) => line.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
  ],
  ['reversed', (line: string) => [...line].reverse().join('')],
  ['hex', (line: string) => Buffer.from(line).toString('hex')],
  ['Cyrillic look-alikes', (line: string) => line.replace(/e/g, 'е').replace(/o/g, 'о')],
  ['base64', (line: string) => `data ${Buffer.from(line).toString('base64')}`],
  ['base64url after a word', (line: string) => `x${Buffer.from(line).toString('base64url')}`],
  [
    'split across two lines',
    (line: string) => `${line.slice(0, line.length / 2)}\n  ${line.slice(line.length / 2)}`,
  ],
  ['cut at both ends', (line: string) => `see: ...${line.slice(3, -3)}...`],
])('hidden text %s is still withheld', (_encoding, encode) => {
  expect(hiddenLines.length).toBeGreaterThan(10);
  const leaked = hiddenLines.filter((line) => filter(`Error: ${encode(line)}`) !== WITHHELD);
  expect(leaked).toEqual([]);
});

test("honest failures of every exercise's visible tests pass through", () => {
  // The texts a student's failing test shows: jest's matcher messages and the values they print.
  const texts = [
    'expect(received).toEqual(expected) // deep equality\n\n- Expected  - 1\n+ Received  + 1\n\n  Array [\n-   2,\n+   3,\n  ]',
    'expect(received).rejects.toThrow()\n\nReceived promise resolved instead of rejected\nResolved to value: [1, 2, 3]',
    'gather() should run the tasks at the same time, not one after another',
    'not implemented: gather',
    "TypeError: Cannot read properties of undefined (reading 'then')",
    'Error: task 2 failed',
  ];
  for (const text of texts) expect(filter(text)).toBe(text);
});

test("jest's own report of an honest failure passes through, whatever the hidden tests spell alike", () => {
  // ex04's hidden tests name a variable `received`, and ex06's hold [0, 0, undefined, undefined]:
  // jest's matcher hint and a received array of undefineds are not quotes of them.
  const ex04 = course.exercises.find((exercise) => exercise.id === 'ex04')!;
  const texts = [
    'expect(received).toEqual(expected) // deep equality\n\n- Expected  - 2\n+ Received  + 2\n\n  Array [\n+   true,\n+   undefined,\n  ]',
    'all three tasks wait at the same time\n\nexpect(received).toEqual(expected) // deep equality\n\n- Expected  - 3\n+ Received  + 3\n\n  Array [\n-   0,\n-   0,\n-   0,\n+   undefined,\n+   undefined,\n+   undefined,\n  ]',
  ];
  for (const each of [ex04, ex06])
    for (const text of texts) expect(secretFilter(each, graderRoot)(text)).toBe(text);
});

test("the student's own code shown back to them is not a quote, even where it is the solution's", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-own-'));
  const solution = fs.readFileSync(
    path.join(graderRoot, 'solutions', ex06.folder, 'gather.ts'),
    'utf8',
  );
  fs.writeFileSync(path.join(dir, 'gather.ts'), solution);
  // jest's code frame of a failure in the student's file, at a place where it quotes the solution.
  const lines = solution.split('\n');
  const frameAt = (start: number) =>
    lines
      .slice(start, start + 6)
      .map((line, index) => `  ${start + index + 1} | ${line}`)
      .join('\n');
  const start = lines.findIndex(
    (_, at) => secretFilter(ex06, graderRoot)(frameAt(at)) === WITHHELD,
  );
  const frame = frameAt(start);
  expect(secretFilter(ex06, graderRoot)(frame)).toBe(WITHHELD);
  expect(secretFilter(ex06, graderRoot, [path.join(dir, 'gather.ts')])(frame)).toBe(frame);
  // The hidden tests stay secret to a student who submitted the solution.
  const hidden = linesOf(path.join(ex06.dir, 'hidden', 'gather.test.ts')).find(
    (line) => line.includes('expect(') && line.trim().length > 40,
  )!;
  expect(secretFilter(ex06, graderRoot, [path.join(dir, 'gather.ts')])(`» ${hidden}`)).toBe(
    WITHHELD,
  );
  // The files are read when the filter is made, before the code runs: code that writes the hidden
  // tests into its own file while it runs does not make them the student's.
  const filter = secretFilter(ex06, graderRoot, [path.join(dir, 'gather.ts')]);
  fs.writeFileSync(
    path.join(dir, 'gather.ts'),
    fs.readFileSync(path.join(ex06.dir, 'hidden', 'gather.test.ts')),
  );
  expect(filter(`» ${hidden}`)).toBe(WITHHELD);
  fs.rmSync(dir, { recursive: true });
});

test("a code frame's line numbers do not join the student's lines into a quote", () => {
  // The batch fixture's lock.ts opens with a comment that echoes a hidden title ("... in the order
  // they were queued"); with "3 |" of the next frame line after it, the run of letters matched the
  // hidden test file and withheld the message of a student who called process.exit() at import.
  const root = path.join(graderRoot, 'grader', 'test', 'fixtures', 'batch-course');
  const lock = readCourse(root).course.exercises.find((exercise) => exercise.id === 'ex01')!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-frame-'));
  const own = path.join(dir, 'lock.ts');
  const solution = fs.readFileSync(path.join(root, 'solutions', lock.folder, 'lock.ts'), 'utf8');
  fs.writeFileSync(own, `process.exit(0);\n${solution}`);
  const frame = [
    'the tests could not run: the test process ended early (exit code 0).',
    ...`process.exit(0);\n${solution}`
      .split('\n')
      .slice(0, 4)
      .map((line, index) => `  ${index === 0 ? '>' : ' '} ${index + 1} | ${line}`),
  ].join('\n');
  expect(secretFilter(lock, root, [own])(frame)).toBe(frame);
  // Without the gutters the hidden tests still read as a quote, frame or not.
  const hidden = linesOf(path.join(lock.dir, 'hidden', 'lock.test.ts')).find(
    (line) => line.includes('expect(') && line.trim().length > 30,
  )!;
  expect(secretFilter(lock, root, [own])(`    > 7 | ${hidden}`)).toBe(WITHHELD);
  fs.rmSync(dir, { recursive: true });
});

describe("the mistake book's record of how known mistakes fail", () => {
  // verify keeps each known-wrong solution's failure messages in hidden/mistakes.json, visible
  // tests' as well as hidden ones'. A visible test's message there is what the student is shown:
  // built at run time from several public pieces (a visible helper's template, the test's words,
  // testkit's "worker N failed: ", the student's own error), its fragments across the joins are in
  // no public file, only in the book.
  const ex03 = course.exercises.find((exercise) => exercise.id === 'ex03')!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-book-'));
  const own = path.join(dir, 'mutex.ts');
  // A lock that checks then sets (solutions/ex03-race-and-lock/wrong/check-then-set) keeps the
  // solution's unlock(), and its error, as the student's own.
  fs.copyFileSync(path.join(graderRoot, 'solutions', ex03.folder, 'mutex.ts'), own);
  afterAll(() => fs.rmSync(dir, { recursive: true }));

  test("a visible test's message for a lock that loses updates is shown", () => {
    // As the visible test "ten workers adding 1,000,000 each under the mutex end at exactly
    // 10,000,000" builds it: tests/helpers.ts's workerFailure('counting under the lock', error)
    // around testkit's runWorkers rejection around the student's unlock() error.
    const message =
      'a worker failed while counting under the lock: worker 8 failed: unlock() called on a mutex that is not locked. If unlock() said the mutex was not locked, either two workers held it at once and the other had already released it, or unlock() took a lock that others are waiting for as not locked';
    expect(secretFilter(ex03, graderRoot, [own])(message)).toBe(message);
  });

  test('a visible test that hung is told why, though hidden tests hung the same way', () => {
    // The grader's own verdict (run/student-messages.ts) with a run's numbers and what it saw
    // joined in, as ex04's wrong/wakes-only-when-empty-or-full got it from a visible test; the
    // book recorded the same line for the hidden tests that hung.
    const ex04 = course.exercises.find((exercise) => exercise.id === 'ex04')!;
    const message =
      'hung: stopped after 2.6 s instead of waiting out the 20 s limit, because no thread could make progress any more: the main thread was awaiting with nothing pending that could settle the await (no timer, no I/O, no child process); 2 workers waited in Atomics.wait with nothing left to wake them. Likely a deadlock: a promise that never settles (a join that listens too late, a resolve that is never called), or a lock that is never released, or a waiter that is never woken.';
    expect(secretFilter(ex04, graderRoot)(message)).toBe(message);
  });

  test('a line the book records of hidden and visible tests alike is shown', () => {
    // ex02's code that does not load: its visible and hidden tests all open their message so.
    const ex02 = course.exercises.find((exercise) => exercise.id === 'ex02')!;
    const message = 'could not load the code under test:\n  SyntaxError: Unexpected token';
    expect(secretFilter(ex02, graderRoot)(message)).toBe(message);
  });

  test("a hidden test's line recorded there, printed as written, is still withheld", () => {
    const book = JSON.parse(
      fs.readFileSync(path.join(ex03.dir, 'hidden', 'mistakes.json'), 'utf8'),
    ) as { signatures: { features: Record<string, number> }[] };
    const hiddenNames = new Set(
      ex03.tests.filter((test) => test.visibility === 'hidden').map((test) => test.name),
    );
    const hiddenLines = book.signatures
      .flatMap((signature) => Object.keys(signature.features))
      .map((feature) => feature.split('|'))
      .filter(([kind, name]) => kind === 'value' && hiddenNames.has(name))
      .map((parts) => parts.slice(2).join('|'))
      .filter((line) => line.length >= 20);
    // Among them lines no hidden test file holds as a fragment: a hidden case's values.
    expect(hiddenLines).toContain(
      'countWithLock(counter, 0, mutex) with counter[0] at 7 left 8: it must add 1 exactly 0 times',
    );
    const filter = secretFilter(ex03, graderRoot, [own]);
    const shown = hiddenLines.filter((line) => filter(`printed:\n  ${line}\n`) !== WITHHELD);
    expect(shown).toEqual([]);
  });
});

describe('what the student’s code returned, shown in a diff', () => {
  const ex02 = course.exercises.find((exercise) => exercise.id === 'ex02')!;
  const ex02Filter = secretFilter(ex02, graderRoot);
  // The visible test "join rejects when the worker throws" on a join() that resolves with the
  // worker's first message: tests/fail.ts posts "half done", the test wraps it as { rejected,
  // value }. A hidden test holds `toEqual({ rejected: false, value: 'half done' })`.
  const diff = (received: string[]) =>
    [
      'the worker posted "half done", then threw "out of coffee": join must reject with that error, not resolve',
      '',
      'expect(received).toEqual(expected) // deep equality',
      '',
      '- Expected  - 2',
      '+ Received  + 2',
      '',
      '  Object {',
      '-   "message": StringContaining "out of coffee",',
      '-   "rejected": true,',
      ...received,
      '  }',
    ].join('\n');

  test('a value that reads like a hidden literal, made of public text, is shown', () => {
    const message = diff(['+   "rejected": false,', '+   "value": "half done",']);
    expect(ex02Filter(message)).toBe(message);
  });

  const hiddenLine = "expect(zero).toEqual({ rejected: false, value: 'half done' })";
  test.each([
    ['as one received string', [`+   "value": ${JSON.stringify(hiddenLine)},`]],
    [
      'cut into the strings of an array',
      [
        '+   "value": Array [',
        '+     "expect(zero).toEq",',
        '+     "ual({ rejected: false,",',
        '+     "value: \'half done\' })",',
        '+   ],',
      ],
    ],
    [
      'unquoted over received lines',
      ['+ expect(zero).toEqual({', "+ rejected: false, value: 'half done' })"],
    ],
  ])('a hidden line %s is still withheld', (_how, received) => {
    expect(ex02Filter(diff(received))).toBe(WITHHELD);
  });
});
