import type { ManifestTest } from '../course/types';
import { shownToStudent } from '../course/visibility';
import type { ExerciseResult } from './types';

interface HintManifest {
  hints: string[];
  tests: ManifestTest[];
  promises?: { id: string; text: string }[];
}

/**
 * The hints in the order a student should read them, for what actually failed: the recognised
 * mistake's hint, then the hints of the failing tests a student sees, then the exercise-wide hints,
 * those that speak of what the failing tests' promises say first (the manifest links each test to
 * the README promises it checks; a hidden test's own hint would tell what it checks, so it is
 * never used). A visible test that passed is not a lead, even on a shared promise: its hint is
 * about a failure that did not happen. No failure, or code that does not compile: the
 * exercise-wide hints in their own order.
 */
export function orderHints(manifest: HintManifest, result: ExerciseResult): string[] {
  const ordered: string[] = [];
  const add = (hint: string | undefined) => {
    if (hint && !ordered.includes(hint)) ordered.push(hint);
  };
  const failingNames = new Set(
    result.tests
      .filter((test) => test.status === 'fail' || test.status === 'timeout')
      .map((test) => test.name),
  );
  const failed = result.compile.ok
    ? manifest.tests.filter((test) => failingNames.has(test.name))
    : [];
  add(result.compile.ok ? result.mistake?.hint : undefined);
  // The result's own hint, not the manifest's: a hint its verdict does not support (a time-out
  // never reached the assertion the hint explains) was already taken off the result.
  const resultHint = new Map(result.tests.map((test) => [test.name, test.hint]));
  for (const test of failed) if (shownToStudent(test)) add(resultHint.get(test.name));
  // The promises the failures put in doubt: those that more of their tests failed than passed. A
  // test that passed shows its promises held where it looked, which outweighs one failure
  // elsewhere, not most of them: a queue whose put never notifies passes the wake-up tests that a
  // get's own notify happens to rescue, and fails the rest.
  const tally = new Map<string, number>();
  for (const test of manifest.tests) {
    const status = result.tests.find((r) => r.name === test.name)?.status;
    const vote = failingNames.has(test.name) ? 1 : status === 'pass' ? -1 : 0;
    for (const id of test.checks ?? []) tally.set(id, (tally.get(id) ?? 0) + vote);
  }
  const held = new Set([...tally].filter(([, votes]) => votes <= 0).map(([id]) => id));
  const doubted = new Set(
    failed.flatMap((test) => test.checks ?? []).filter((id) => !held.has(id)),
  );
  // A failing test whose threads were found asleep in Atomics.wait for good failed by a wake-up
  // that never came: the hints that speak of Atomics.wait and Atomics.notify are about it, however
  // many other promises its failure put in doubt.
  const asleep = result.tests.some(
    (test) =>
      failingNames.has(test.name) &&
      (test.stuck?.threads ?? []).some((thread) => thread.state === 'waiting'),
  );
  const about = words(
    [
      ...(manifest.promises ?? [])
        .filter((promise) => doubted.has(promise.id))
        .map((promise) => promise.text),
      ...(asleep ? ['Atomics.wait Atomics.notify'] : []),
    ].join(' '),
  );
  // A word every hint uses ("lock" in a lock exercise) tells them apart less than a rare one.
  const hintWords = manifest.hints.map(words);
  const rarity = (word: string) =>
    1 / Math.max(1, hintWords.filter((each) => each.has(word)).length);
  const relevance = (index: number) =>
    [...hintWords[index]]
      .filter((word) => about.has(word))
      .reduce((sum, word) => sum + rarity(word), 0);
  // Nothing passed yet (a starter, say): every promise is in doubt, so the author's order, from a
  // nudge to nearly the answer, is the right one.
  const anyPassed = result.tests.some((test) => test.status === 'pass');
  const wide = manifest.hints.map((hint, index) => ({
    hint,
    index,
    score: anyPassed ? relevance(index) : 0,
  }));
  wide.sort((a, b) => b.score - a.score || a.index - b.index);
  for (const { hint } of wide) add(hint);
  return ordered;
}

/** The words that carry meaning (identifiers, words of five letters or more), lower-cased, a plural's s dropped. */
function words(text: string): Set<string> {
  return new Set(
    (text.toLowerCase().match(/[a-z][a-z0-9_.]*(?:\(\))?/g) ?? [])
      .map((word) => word.replace(/\.$/, ''))
      .filter((word) => word.length >= 5 || word.includes('.') || word.endsWith('()'))
      .map((word) => word.replace(/(?<=[a-z]{4})s$/, '')),
  );
}
