import type { Visibility } from './types';

/**
 * The one place that decides what a student may see of a test, and when (Gradescope's
 * vocabulary). Results, the released copy, feedback.md, Gradescope's results, every renderer and
 * verify ask here; none of them compares visibilities itself.
 *
 * - While working (check, ci, the released copy): a `visible` test shows its name, message,
 *   location, stuck threads and hint. Any other test shows as "hidden test N" with its verdict and
 *   points only.
 * - Once grades are out (feedback.md, Gradescope): `after_due_date` and `after_published` tests
 *   show in full too; `hidden` ones never do.
 */
export type Moment = 'while-working' | 'after-grading';

interface Placed {
  visibility: Visibility;
}

export function shownToStudent(test: Placed, moment: Moment = 'while-working'): boolean {
  if (test.visibility === 'visible') return true;
  return moment === 'after-grading' && test.visibility !== 'hidden';
}

/** Not shown while working: lives in hidden/, is left out of the student copy, proves a catch. */
export const isHidden = (test: Placed) => !shownToStudent(test);

/**
 * The names a student reads, aligned with `tests` (an exercise's tests in manifest order). Tests
 * not shown are numbered among all hidden tests, whatever the moment, so "hidden test 3" is the
 * same test in a check, in the student copy's manifest and in feedback.md.
 */
export function studentTestNames(
  tests: readonly (Placed & { name: string })[],
  moment: Moment = 'while-working',
): string[] {
  let hiddenNumber = 0;
  return tests.map((test) => {
    if (isHidden(test)) hiddenNumber++;
    return shownToStudent(test, moment) ? test.name : `hidden test ${hiddenNumber}`;
  });
}
