import { testResult } from '../report/__fixtures__/results';
import { byKind, thrownKind } from './error-kinds';
import type { TestResult } from './types';

// Golden cases of what counts as the student's own error, and how its features are compared.

const inMutex = { file: 'ex03-race-and-lock/mutex.ts', line: 20, column: 13 };
const failed = (message: string, extra: Partial<TestResult> = {}) =>
  testResult({ name: 'relock', status: 'fail', score: 0, message, location: inMutex, ...extra });

test('an error out of the student`s code is of its class`s kind; Error and own classes are one kind', () => {
  expect(thrownKind(failed('unlock() of a mutex that is not locked'))).toBe('Error');
  expect(thrownKind(failed('MutexError: not locked'))).toBe('Error');
  expect(thrownKind(failed("TypeError: Cannot read properties of undefined (reading 'x')"))).toBe(
    'TypeError',
  );
  expect(thrownKind(failed('RangeError: Invalid atomic access index'))).toBe('RangeError');
});

test('an assertion, a failure outside the student`s files, a time-out or a pass threw nothing', () => {
  // A property test's assertion whose stack passed through the student's code (ex06, pollAll).
  const assertion = 'Fails for more checks than the limit.\n\nexpect(received).toEqual(expected)';
  expect(thrownKind(failed(assertion))).toBeUndefined();
  expect(
    thrownKind(failed('unlock() of a mutex that is not locked', { location: undefined })),
  ).toBeUndefined();
  expect(thrownKind(failed('hung: stopped after 1.2 s', { status: 'timeout' }))).toBeUndefined();
  expect(thrownKind(failed('', { status: 'pass' }))).toBeUndefined();
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
