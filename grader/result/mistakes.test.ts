import { exerciseResult, testResult } from '../report/__fixtures__/results';
import {
  buildSignature,
  observedFeatures,
  recognise,
  recogniseFeatures,
  sameFailingTests,
  similarity,
  STRONG_SCORE,
} from './mistakes';
import { schemaProblems } from '../schemas';
import { writtenIn } from './error-kinds';
import { summarize } from './types';
import type { ExerciseResult, TestResult } from './types';

// Recognition is a pure function of the failures: the same failures always name the same
// mistake, a clear match names it, and anything ambiguous or unlike every known mistake names
// nothing.

const failing = (tests: Partial<TestResult>[]): ExerciseResult =>
  exerciseResult({
    tests: [
      testResult({ name: 'passes always' }),
      ...tests.map((test, index) =>
        testResult({ name: `t${index}`, status: 'fail', score: 0, ...test }),
      ),
    ],
  });

const deadlock = failing([
  { name: 'wakes a waiter', status: 'timeout', stuck: { verdict: 'deadlock', threads: [] } },
]);
const doubleEntry = failing([
  { name: 'exclusion', message: '2 workers were inside the critical section at once' },
  { name: 'count', message: 'worker 8 failed: unlock() called on a mutex that is not locked' },
]);
const resetsCell = failing([
  { name: 'same buffer', message: 'changed the buffer from [1, 0] to [0, 0]' },
]);

const book = [
  buildSignature({ name: 'no-wake', mistake: 'never notifies', hint: 'notify' }, [deadlock]),
  buildSignature({ name: 'check-then-set', mistake: 'load then store' }, [doubleEntry]),
  buildSignature({ name: 'constructor-resets', mistake: 'resets the cell' }, [resetsCell]),
];

test('features are the failing tests with their verdicts, message shapes, values and stuck places', () => {
  const features = observedFeatures(
    failing([
      {
        name: 'waits',
        status: 'timeout',
        message: 'timed out after 5 s\nmore',
        stuck: {
          verdict: 'deadlock',
          threads: [
            {
              name: 'worker 1 of 2',
              state: 'waiting',
              frames: [{ function: 'Mutex.lock', file: 'x/mutex.ts', line: 3, column: 5 }],
            },
          ],
        },
      },
    ]),
  );
  expect(features).toEqual([
    'shape|waits|timed out after # s',
    'stuck|waits|waiting|Mutex.lock',
    'value|waits|timed out after # s',
    'verdict|timeout:deadlock|waits',
  ]);
  expect(observedFeatures(failing([]))).toEqual([]);
});

test('a value keeps what the code did and drops how long the machine took', () => {
  const value = (message: string) =>
    observedFeatures(failing([{ name: 'counts', status: 'fail', message }])).find((feature) =>
      feature.startsWith('value|'),
    );
  expect(value('hung: stopped after 1.1 s of the 15 s limit')).toBe(
    value('hung: stopped after 2.35 s of the 15 s limit'),
  );
  expect(value('stopped after 900 ms')).toBe(value('stopped after 1,200 ms'));
  expect(value('counted 9 of 10')).not.toBe(value('counted 8 of 10'));
});

test('a hang is one mistake whatever number of threads its account counts', () => {
  // The grader's account of a hang is longer than the part of a first line a feature keeps, and
  // its counts are where the schedule left the threads: one racy submission waited with 9 workers
  // in one run and 10 in the next (ex04).
  const hang = (waiting: number) =>
    failing([
      {
        name: 'ten producers and one consumer',
        status: 'timeout',
        message:
          'hung: stopped after 2.1 s instead of waiting out the 20 s limit, because no thread could make progress any more: the main thread was awaiting with nothing pending that could settle the await (no timer, no I/O, no child process); ' +
          `${waiting} workers waited in Atomics.wait with nothing left to wake them; ${11 - waiting} workers sat idle in their event loop waiting for a message.`,
        stuck: { verdict: 'deadlock', threads: [] },
      },
    ]);
  const shape = (result: ExerciseResult) =>
    observedFeatures(result).filter((feature) => feature.startsWith('shape|'));
  expect(shape(hang(10))).toEqual(shape(hang(9)));
  const once = [buildSignature({ name: 'wakes-one', mistake: 'wakes one of many' }, [hang(9)])];
  for (const waiting of [1, 9, 10])
    expect(recognise(once, hang(waiting))).toMatchObject({ variant: 'wakes-one', score: 1 });
});

test('a book written when a first line was cut before its numbers became # still matches', () => {
  // Over 240 characters, with a long number early: cut first, the number took characters the cut
  // would otherwise have kept.
  const line =
    'the consumer must receive every item the producers put, once each: 123456789 items were put and 123456788 arrived, ' +
    'one of them missing; look at how a get decides there is an item, and at what wakes a consumer that sleeps while the queue is empty, and at what a put does once it has made room';
  const result = failing([{ name: 'every item arrives', message: line }]);
  const oldCut = line.slice(0, 240);
  const writtenBefore = {
    variant: 'loses-one',
    mistake: 'loses an item',
    runs: 1,
    features: {
      [`shape|every item arrives|${oldCut.replace(/\d[\d,._]*/g, '#')}`]: 1,
      [`value|every item arrives|${oldCut}`]: 1,
      'verdict|fail|every item arrives': 1,
    },
  };
  expect(recognise([writtenBefore], result)).toMatchObject({ variant: 'loses-one', score: 1 });
});

test('a submission failing as a known mistake does is told that mistake, with its hint', () => {
  expect(recognise(book, deadlock)).toEqual({
    variant: 'no-wake',
    mistake: 'never notifies',
    hint: 'notify',
    score: 1,
  });
  // Another observed value (another worker number) still matches: numbers are part of the shape.
  const again = failing([
    { name: 'exclusion', message: '2 workers were inside the critical section at once' },
    { name: 'count', message: 'worker 2 failed: unlock() called on a mutex that is not locked' },
  ]);
  expect(recognise(book, again)?.variant).toBe('check-then-set');
  // Every value different is below the bar of a strong match: nothing is said.
  const allOther = failing([
    { name: 'exclusion', message: '3 workers were inside the critical section at once' },
    { name: 'count', message: 'worker 2 failed: unlock() called on a mutex that is not locked' },
  ]);
  expect(recognise(book, allOther)).toBeUndefined();
});

test('a failure unlike every known mistake, or a passing result, is told nothing', () => {
  const unknown = failing([{ name: 'returns the value', message: 'expected 3, got 4' }]);
  expect(recognise(book, unknown)).toBeUndefined();
  expect(recognise(book, exerciseResult({ tests: [testResult({ name: 'ok' })] }))).toBeUndefined();
  expect(recognise([], deadlock)).toBeUndefined();
});

test('two mistakes that fail exactly alike are named together, as one of them', () => {
  const twin = buildSignature({ name: 'twin', mistake: 'another cause', hint: 'notify' }, [
    deadlock,
  ]);
  expect(recognise([...book, twin], deadlock)).toEqual({
    variant: 'no-wake',
    mistake: 'one of these, which fail exactly alike: never notifies; or another cause',
    hint: 'notify',
    score: 1,
    or: [{ variant: 'twin', mistake: 'another cause' }],
  });
  // The result with such a claim fits its schema, as every result written must.
  const claimed = { ...deadlock, mistake: recognise([...book, twin], deadlock) };
  expect(schemaProblems('result', summarize('subject', [claimed]), 'result.json')).toEqual([]);
  // Twins with other hints: neither hint is said, since either may be the wrong one.
  const otherHint = buildSignature({ name: 'twin', mistake: 'another cause', hint: 'x' }, [
    deadlock,
  ]);
  expect(recognise([...book, otherHint], deadlock)?.hint).toBeUndefined();
  // The same mistake recorded twice is no rival of itself.
  const same = buildSignature({ name: 'no-wake-2', mistake: 'never notifies' }, [deadlock]);
  expect(recognise([...book, same], deadlock)).toMatchObject({ mistake: 'never notifies' });
  expect(recognise([...book, same], deadlock)?.or).toBeUndefined();
});

test('a near rival that is no twin leaves every mistake unnamed', () => {
  // Another mistake that failed the same way in one run and showed one more line in the other:
  // nearly as similar, but its failures are not exactly these, so which one it is stays unsaid.
  const oneMore = failing([
    doubleEntry.tests[1],
    { ...doubleEntry.tests[2], message: `${doubleEntry.tests[2].message}\n\nReceived: 2` },
  ]);
  const nearly = buildSignature({ name: 'nearly', mistake: 'a third cause' }, [
    doubleEntry,
    oneMore,
  ]);
  const score = similarity(observedFeatures(doubleEntry), nearly);
  expect(score).toBeGreaterThanOrEqual(STRONG_SCORE);
  expect(1 - score).toBeLessThan(0.15);
  expect(recognise([book[1], nearly], doubleEntry)).toBeUndefined();
  expect(recognise([book[1]], doubleEntry)?.variant).toBe('check-then-set');
});

test('a feature seen in only some of a mistake`s runs counts for that share', () => {
  const flaky = buildSignature({ name: 'race', mistake: 'races' }, [
    doubleEntry,
    failing([doubleEntry.tests[1]]),
  ]);
  expect(flaky.runs).toBe(2);
  expect(similarity(observedFeatures(doubleEntry), flaky)).toBeGreaterThan(
    similarity(observedFeatures(failing([doubleEntry.tests[2]])), flaky),
  );
  // Passing runs say nothing about how the mistake fails.
  const withPass = buildSignature({ name: 'race', mistake: 'races' }, [
    doubleEntry,
    exerciseResult({ tests: [testResult({ name: 'ok' })] }),
  ]);
  expect(withPass.runs).toBe(1);
});

test('what a test observed below its explanation tells apart mistakes that fail it alike', () => {
  const diff = (received: string) =>
    [
      'workers threw 0 and undefined: join() rejects with exactly what each threw',
      '',
      '- Expected  - 1',
      '+ Received  + 1',
      '',
      '-     "reason": undefined,',
      `+     "reason": ${received},`,
    ].join('\n');
  const features = (message: string) =>
    observedFeatures(failing([{ name: 'rejects', message }])).filter((feature) =>
      feature.startsWith('diff|'),
    );
  // The diff's own lines, spaces folded; not its header.
  expect(features(diff('[Error: exit code 1]'))).toEqual([
    'diff|rejects|+ "reason": [Error: exit code 1],',
    'diff|rejects|- "reason": undefined,',
  ]);
  expect(features('expected 3\n\nExpected: 3\nReceived: 4')).toEqual(['diff|rejects|Received: 4']);
  // Same explanation, other observed values: no longer the same failure.
  const wrapped = failing([{ name: 'rejects', message: diff('[Error: exit code 1]') }]);
  const stringy = failing([{ name: 'rejects', message: diff('"exit code 1"') }]);
  const signature = buildSignature({ name: 'wraps', mistake: 'wraps it' }, [wrapped]);
  expect(similarity(observedFeatures(wrapped), signature)).toBe(1);
  expect(similarity(observedFeatures(stringy), signature)).toBeLessThan(0.8);
});

test('a strong match fails exactly the tests the mistake failed, however alike the rest', () => {
  const many = failing(
    ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((name) => ({ name, message: `${name} broke` })),
  );
  const signature = buildSignature({ name: 'many', mistake: 'breaks many things' }, [many]);
  const fewer = failing(many.tests.filter((test) => test.name !== 'a' && test.status === 'fail'));
  // Similar enough by score, but one failing test short: another mistake, so nothing is said.
  expect(similarity(observedFeatures(fewer), signature)).toBeGreaterThanOrEqual(STRONG_SCORE);
  expect(sameFailingTests(observedFeatures(fewer), signature)).toBe(false);
  expect(recognise([signature], fewer)).toBeUndefined();
  expect(recognise([signature], many)?.variant).toBe('many');
});

test('a strong match observed no kind of value the mistake never showed', () => {
  // ex06's limit 0: the known mistake starts no task, a submission that starts them all fails the
  // same test with the same explanation and the same lines, and one line more.
  const seen = (started: number) =>
    failing([
      {
        name: 'limit below 1',
        message: [
          'limit 0 must make gather reject with a RangeError',
          '',
          '- Expected  - 3',
          '+ Received  + 3',
          '',
          '-     "rangeError": true,',
          '-     "rejected": true,',
          '+     "rangeError": false,',
          '+     "rejected": false,',
          '-     "errorName": "RangeError",',
          '+     "resolved": Array [],',
          ...(started > 0 ? ['-     "started": 0,', `+     "started": ${started},`] : []),
        ].join('\n'),
      },
      {
        name: 'generated lists',
        message: [
          'Fails for a limit below 1 (0).',
          '- Expected  - 3',
          '+ Received  + 1',
          '-       "rejected": Object {',
          '-         "errorName": "RangeError",',
          '-       },',
          '+       "resolved": Array [],',
        ].join('\n'),
      },
    ]);
  const startsNone = buildSignature({ name: 'no-lane', mistake: 'starts no lane' }, [seen(0)]);
  const startsAll = observedFeatures(seen(2));
  // As similar as a strong match, and failing the same test alike...
  expect(similarity(startsAll, startsNone)).toBeGreaterThanOrEqual(STRONG_SCORE);
  expect(sameFailingTests(startsAll, startsNone)).toBe(true);
  // ... but it saw a task start, which the mistake never did: another mistake, nothing is said.
  expect(recogniseFeatures([startsNone], startsAll)).toBeUndefined();
  // Other numbers in lines the mistake showed are the same kind of observation (a race's count).
  const startsMore = buildSignature({ name: 'all-lanes', mistake: 'no limit' }, [seen(3)]);
  expect(recogniseFeatures([startsMore], startsAll)?.variant).toBe('all-lanes');
});

test('an error of the student`s own making matches the known mistake`s by kind, not wording', () => {
  // ex03: a constructor that frees the buffer; the student's unlock() refuses in its own words.
  const resets = (refusal: string, location?: TestResult['location']) =>
    failing([
      { name: 'same buffer', message: 'changed the buffer from [1, 0] to [0, 0]' },
      { name: 'relock', message: refusal, location },
      {
        name: 'wakes',
        message: [
          'the sleeper must get the lock',
          '',
          '+   "errors": Array [',
          `+     "${refusal}",`,
        ].join('\n'),
      },
    ]);
  const inMutex = { file: 'ex03-race-and-lock/mutex.ts', line: 20, column: 13 };
  const known = buildSignature(
    { name: 'constructor-resets', mistake: 'resets the cell' },
    [resets('unlock() called on a mutex that is not locked', inMutex)],
    writtenIn(["throw new Error('unlock() called on a mutex that is not locked');"]),
  );
  const others = [book[0], book[1]];
  const studentWords = writtenIn(["throw new Error('unlock() of a mutex that is not locked');"]);
  expect(
    recognise(
      [...others, known],
      resets('unlock() of a mutex that is not locked', inMutex),
      studentWords,
    ),
  ).toMatchObject({ variant: 'constructor-resets', score: 1 });
  // Words that are not the student's are no error of its own (the test's, passed along).
  expect(
    recognise([...others, known], resets('unlock() of a mutex that is not locked', inMutex)),
  ).toBeUndefined();
  // Another kind of error at the same place is another mistake.
  expect(
    recognise(
      [...others, known],
      resets("TypeError: Cannot read properties of undefined (reading 'cell')", inMutex),
      studentWords,
    ),
  ).toBeUndefined();
  // The same words, failing an assertion rather than thrown from the student's code, are no error
  // of its own: they are compared as written, and differ.
  expect(
    recognise([...others, known], resets('unlock() of a mutex that is not locked'), studentWords),
  ).toBeUndefined();
});

test('a submission whose own error words differ from the mistake`s is recognised by the kind', () => {
  // ex04: get() gives up and throws; the test observed what it threw, in each one's own words.
  const givesUp = (words: string) =>
    failing([
      {
        name: 'waits',
        message: [
          'get on an empty queue must still be waiting after 3 s',
          '',
          '-   "error": undefined,',
          `+   "error": "Error: ${words}",`,
        ].join('\n'),
      },
    ]);
  const variantWords = writtenIn(["throw new Error('get: no item came within 10 s');"]);
  const known = buildSignature(
    { name: 'gives-up', mistake: 'get gives up after a while' },
    [givesUp('get: no item came within 10 s')],
    variantWords,
  );
  const studentWords = writtenIn(["throw new Error('get(): no item came within 10 s');"]);
  const student = givesUp('get(): no item came within 10 s');
  expect(recognise([book[0], known], student, studentWords)?.variant).toBe('gives-up');
  // Without the student's words the same failure is an observation of its own: nothing is said.
  expect(recognise([book[0], known], student)).toBeUndefined();
});
