import * as fs from 'fs';
import * as path from 'path';
import type { Exercise } from '../course/types';
import { NO_OWN_WORDS, OwnWords, writtenIn } from '../result/error-kinds';
import { orderHints } from '../result/hint-order';
import { readMistakeBook, withRecognisedMistake } from '../result/mistake-book';
import type { ExerciseResult, TestResult } from '../result/types';

/**
 * What a finished result tells about its failures beyond each test's message: the known mistake
 * they most likely are (when one clearly matches), and the hints in the order that fits what
 * failed. `subjectDir`: the folder of the student's files for the exercise, whose words tell
 * which errors the code made itself.
 */
export function explainFailures(
  result: ExerciseResult,
  exercise: Exercise,
  subjectDir?: string,
): ExerciseResult {
  const failing = result.status === 'fail';
  const recognised = withRecognisedMistake(
    { ...result, tests: result.tests.map(withoutUnfoundedHint) },
    readMistakeBook(exercise),
    failing && subjectDir ? ownWords(exercise, subjectDir) : NO_OWN_WORDS,
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

/** A student file longer than this is not read for its words (a submission is a few KB). */
const MAX_WORDS_BYTES = 1 << 20;

/** The words of the student's files for the exercise (result/error-kinds.ts writtenIn). */
function ownWords(exercise: Exercise, subjectDir: string): OwnWords {
  const sources: string[] = [];
  for (const file of exercise.files) {
    const full = path.join(subjectDir, file);
    try {
      const stat = fs.lstatSync(full);
      if (stat.isFile() && stat.size <= MAX_WORDS_BYTES)
        sources.push(fs.readFileSync(full, 'utf8'));
    } catch {
      // A file that is not there has no words.
    }
  }
  return writtenIn(sources);
}
