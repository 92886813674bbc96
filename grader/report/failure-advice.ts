import type { ExerciseResult, Location, TestResult } from '../result/types';

// What every report says after an exercise's tests, from one place so check, feedback.md and CI
// agree: the known mistake the failures most likely are, the hint that fits what failed, and the
// places in the student's code where tests the student cannot read failed.

const isFailure = (test: TestResult) => test.status === 'fail' || test.status === 'timeout';

/** "What your code most likely does: ..." when a known mistake clearly matches; else nothing. */
export function mistakeSentence(exercise: ExerciseResult): string | undefined {
  if (exercise.status !== 'fail' || !exercise.mistake) return undefined;
  return `What your code most likely does: ${exercise.mistake.mistake}`;
}

/**
 * The `Stuck?` hint: the first of the hints ordered for what failed (result/hint-order.ts) that is
 * not already printed next to a failing test. None for a pass, or for code that did not compile
 * (its errors are the place to start, not a hint about a test that never ran).
 */
export function stuckHint(exercise: ExerciseResult): string | undefined {
  if (exercise.status === 'pass' || !exercise.compile.ok) return undefined;
  const printed = new Set(exercise.tests.filter(isFailure).map((test) => test.hint));
  return (exercise.hints ?? []).find((hint) => !printed.has(hint));
}

/** Where tests failed whose names the student does not see (redacted: a name, no message). */
export function hiddenFailurePlaces(
  exercise: ExerciseResult,
  shown: (test: TestResult) => boolean,
): Location[] {
  const places: Location[] = [];
  for (const test of exercise.tests.filter((each) => isFailure(each) && !shown(each))) {
    const place = test.location;
    if (
      place &&
      !places.some(
        (p) => p.file === place.file && p.line === place.line && p.column === place.column,
      )
    )
      places.push(place);
  }
  return places;
}

/**
 * The kinds of input hidden case tables failed for ("an empty list of tasks"), each once: the
 * course's own words from the table (result/failed-input-kind.ts), never the case or the test.
 */
export function hiddenFailureKinds(
  exercise: ExerciseResult,
  shown: (test: TestResult) => boolean,
): string[] {
  const kinds = exercise.tests
    .filter((test) => isFailure(test) && !shown(test))
    .map((test) => test.failed_input_kind)
    .filter((kind): kind is string => kind !== undefined);
  return [...new Set(kinds)];
}
