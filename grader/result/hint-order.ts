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
  // The promises the failures put in doubt: a passing test shows the promises it checks held.
  const held = new Set(
    manifest.tests
      .filter(
        (test) =>
          !failingNames.has(test.name) &&
          result.tests.some((r) => r.name === test.name && r.status === 'pass'),
      )
      .flatMap((test) => test.checks ?? []),
  );
  const doubted = new Set(
    failed.flatMap((test) => test.checks ?? []).filter((id) => !held.has(id)),
  );
  const about = words(
    (manifest.promises ?? [])
      .filter((promise) => doubted.has(promise.id))
      .map((promise) => promise.text)
      .join(' '),
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
  const wide = manifest.hints.map((hint, index) => ({
    hint,
    index,
    score: held.size === 0 ? 0 : relevance(index),
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
