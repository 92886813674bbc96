import type { Exercise } from '../course/types';
import { orderHints } from '../result/hint-order';
import { readMistakeBook, withRecognisedMistake } from '../result/mistake-book';
import type { ExerciseResult } from '../result/types';

/**
 * What a finished result tells about its failures beyond each test's message: the known mistake
 * they most likely are (when one clearly matches), and the hints in the order that fits what
 * failed.
 */
export function explainFailures(result: ExerciseResult, exercise: Exercise): ExerciseResult {
  const recognised = withRecognisedMistake(result, readMistakeBook(exercise));
  return { ...recognised, hints: orderHints(exercise, recognised) };
}
