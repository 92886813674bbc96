import type { ManifestTest } from '../course/types';
import { shownToStudent } from '../course/visibility';
import type { ExerciseResult } from './types';

/**
 * The hints in the order a student should read them, for what actually failed: the recognised
 * mistake's hint, then the hints of the failing tests a student sees, then those of visible tests
 * that check the same promises as a failing hidden test (the manifest links tests to promises;
 * a hidden test's own hint would tell what it checks), and last the exercise-wide hints. No
 * failure, or code that does not compile: the exercise-wide hints alone.
 */
export function orderHints(
  manifest: { hints: string[]; tests: ManifestTest[] },
  result: ExerciseResult,
): string[] {
  const ordered: string[] = [];
  const add = (hint: string | undefined) => {
    if (hint && !ordered.includes(hint)) ordered.push(hint);
  };
  if (result.compile.ok) {
    add(result.mistake?.hint);
    const failing = new Set(
      result.tests
        .filter((test) => test.status === 'fail' || test.status === 'timeout')
        .map((test) => test.name),
    );
    const failed = manifest.tests.filter((test) => failing.has(test.name));
    for (const test of failed) if (shownToStudent(test)) add(test.hint);
    for (const test of failed.filter((each) => !shownToStudent(each)))
      for (const promise of test.checks ?? [])
        for (const visible of manifest.tests)
          if (shownToStudent(visible) && visible.checks?.includes(promise)) add(visible.hint);
  }
  for (const hint of manifest.hints) add(hint);
  return ordered;
}
