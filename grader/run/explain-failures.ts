import type { Exercise } from '../course/types';
import { orderHints } from '../result/hint-order';
import { readMistakeBook, withRecognisedMistake } from '../result/mistake-book';
import type { ExerciseResult, TestResult } from '../result/types';

/**
 * What a finished result tells about its failures beyond each test's message: the known mistake
 * they most likely are (when one clearly matches), and the hints in the order that fits what
 * failed.
 */
export function explainFailures(result: ExerciseResult, exercise: Exercise): ExerciseResult {
  const recognised = withRecognisedMistake(
    { ...result, tests: result.tests.map(withoutUnfoundedHint) },
    readMistakeBook(exercise),
  );
  return { ...recognised, hints: orderHints(exercise, recognised) };
}

/** A hint written to read the test's own assertion message ("The message says which items ..."). */
const READS_THE_MESSAGE = /^the message says\b/i;

/**
 * A hint that explains the test's assertion message is kept only when that message is what the
 * student sees: a test that timed out never reached its assertion, so such a hint would name
 * causes (missing items, lost updates) nothing observed.
 */
export function withoutUnfoundedHint(test: TestResult): TestResult {
  if (test.status !== 'timeout' || !test.hint || !READS_THE_MESSAGE.test(test.hint)) return test;
  const { hint: _unfounded, ...rest } = test;
  return rest;
}
