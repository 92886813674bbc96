import { testResult } from '../report/__fixtures__/results';
import { byKind, carried, ownErrorByKind, thrownKind, writtenIn } from './error-kinds';
import type { TestResult } from './types';

// Golden cases of what counts as the student's own error, and how its features are compared.

const inMutex = { file: 'ex03-race-and-lock/mutex.ts', line: 20, column: 13 };
const failed = (message: string, extra: Partial<TestResult> = {}) =>
  testResult({ name: 'relock', status: 'fail', score: 0, message, location: inMutex, ...extra });

const mutexWords = writtenIn([
  "throw new Error('unlock() of a mutex that is not locked');",
  "class MutexError extends Error {} throw new MutexError('not locked here');",
  "if (Atomics.load(cells, 0) === 0) Atomics.notify(cells, 0, 1); // 'Fails for more checks'",
]);
const thrown = (message: string, extra: Partial<TestResult> = {}) =>
  thrownKind(failed(message, extra), mutexWords);

test('an error out of the student`s code is of its class`s kind; Error and own classes are one kind', () => {
  expect(thrown('unlock() of a mutex that is not locked')).toBe('Error');
  expect(thrown('MutexError: not locked here')).toBe('Error');
  expect(thrown("TypeError: Cannot read properties of undefined (reading 'x')")).toBe('TypeError');
  expect(thrown('RangeError: Invalid atomic access index')).toBe('RangeError');
});

test('an assertion, the test`s own error, a failure outside the student`s files, a time-out or a pass threw nothing', () => {
  // A property test's assertion whose stack passed through the student's code (ex06, pollAll).
  expect(
    thrown('Fails for more checks than the limit.\n\nexpect(received).toEqual(expected)'),
  ).toBeUndefined();
  // The test's critical section threw, and the error left through the student's withLock.
  expect(thrown('the critical section broke')).toBeUndefined();
  expect(thrown('unlock() of a mutex that is not locked', { location: undefined })).toBeUndefined();
  expect(thrown('hung: stopped after 1.2 s', { status: 'timeout' })).toBeUndefined();
  expect(thrown('', { status: 'pass' })).toBeUndefined();
});

const compared = (features: string[]) =>
  [...byKind(features.map((feature): [string, number] => [feature, 1])).keys()].sort();

test('a thrown error is compared by its kind: its wording and where it is copied are not', () => {
  const features = (message: string) => [
    'verdict|fail|relock',
    'threw|relock|Error',
    `shape|relock|${message.replace(/\d+/g, '#')}`,
    `value|relock|${message}`,
    'verdict|fail|wakes',
    'diff|wakes|+ "errors": Array [',
    `diff|wakes|+ "${message}",`,
  ];
  const expected = [
    'diff|wakes|+ "<the message of its own Error>",',
    'diff|wakes|+ "errors": Array [',
    'threw|relock|Error',
    'verdict|fail|relock',
    'verdict|fail|wakes',
  ];
  expect(compared(features('unlock() called on a mutex that is not locked'))).toEqual(expected);
  expect(compared(features('unlock() of a mutex that is not locked'))).toEqual(expected);
});

test('an error the code passed along, or a message of no thrown error, keeps its wording', () => {
  // ex01: the cause is the test's own task's error; which one it is, is the observation.
  const passedOn = [
    'verdict|fail|first error',
    'diff|first error|- "cause": [Error: C broke on its 1st step],',
    'diff|first error|+ "cause": [Error: A broke on its 3rd step],',
    'shape|first error|the TaskError must carry the first error',
    'value|first error|the TaskError must carry the first error',
  ];
  expect(compared(passedOn)).toEqual([...passedOn].sort());
  // A message too short to be looked for elsewhere is dropped where it was thrown, and only there.
  const short = ['verdict|fail|t', 'threw|t|Error', 'value|t|busy', 'diff|u|+ "busy",'];
  expect(compared(short)).toEqual(['diff|u|+ "busy",', 'threw|t|Error', 'verdict|fail|t']);
});

test('features that become one keep the larger count', () => {
  const counts = byKind([
    ['threw|relock|Error', 3],
    ['value|relock|not locked at all', 3],
    ['diff|wakes|+ "not locked at all",', 1],
    ['diff|wakes|+ "<the message of its own Error>",', 2],
  ]);
  expect(counts.get('diff|wakes|+ "<the message of its own Error>",')).toBe(2);
});

test('a message is the student`s own when every piece of it between values is in their files', () => {
  const own = writtenIn([
    'if (Date.now() > deadline) throw new Error(`get(): no item came within ${ms / 1000} s`);',
  ]);
  expect(own('get(): no item came within # s')).toBe(true);
  expect(own('get(): no item came within 3 s')).toBe(true);
  // The test's own task error, passed along by the code; the runtime's words; too little to tell.
  expect(own('A broke on its 3rd step')).toBe(false);
  expect(own('Invalid atomic access index')).toBe(false);
  expect(own('get')).toBe(false);
  expect(writtenIn([])('get(): no item came within # s')).toBe(false);
});

test('an error the code made is observed by its kind and the values it carries', () => {
  const own = writtenIn([
    'reject(new Error(`worker exited with code ${code}`));',
    "throw new Error('get(): no item came within 3 s');",
    'class ChildProcessError extends Error {} // `task ${index} exited with code ${code}`',
  ]);
  expect(ownErrorByKind('+ "reason": [Error: worker exited with code 1],', own)).toBe(
    '+ "reason": [Error with 1: <its own message>],',
  );
  expect(ownErrorByKind('+ "error": "Error: get(): no item came within # s",', own)).toBe(
    '+ "error": "Error with #: <its own message>",',
  );
  // The student's own class is the kind Error; a line cut at 160 characters still reads.
  expect(ownErrorByKind('+ "error": [ChildProcessError: task 0 exited with code 0', own)).toBe(
    '+ "error": [Error with 0, 0: <its own message>',
  );
  // Another value is another observation; an error the test made keeps its words.
  expect(ownErrorByKind('+ "reason": [Error: worker exited with code 2],', own)).not.toBe(
    ownErrorByKind('+ "reason": [Error: worker exited with code 1],', own),
  );
  const passedOn = '+ "cause": [Error: A broke on its 3rd step],';
  expect(ownErrorByKind(passedOn, own)).toBe(passedOn);
  expect(carried('the child was killed by SIGKILL after 3 tries')).toBe(' with SIGKILL, 3');
  expect(carried('unlock() of a mutex that is not locked')).toBe('');
});
