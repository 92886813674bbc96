import {
  byKind,
  carried,
  NO_OWN_WORDS,
  numbersAsHash,
  ownErrorByKind,
  OwnWords,
  splitFeature,
  thrownKind,
} from './error-kinds';
import { twinsOf } from './mistake-twins';
import type { ExerciseResult, MistakeSignature, Recognised, TestResult } from './types';

// Mistake recognition: a known-wrong solution fails in a recognisable way (which tests fail, with
// what verdict, with what observed values in their messages). `grader verify` keeps each one's
// failures as a signature (exercises/<folder>/hidden/mistakes.json, never shipped to students);
// a failing submission whose failures match one signature clearly better than any other is told
// what its code most likely does. Anything less than a clear match says nothing: a wrong guess
// about the cause costs a student more than no guess.

/** One known mistake, as verify last saw it fail. */
// The book's shapes live with the other result types, so that what reads a book (mistake-twins.ts)
// need not import the matcher that uses it.
export type { MistakeBook, MistakeSignature } from './types';

/**
 * A match must be at least this similar (0.7 let through two held-out claims that named a near
 * mistake, docs/grading.md) ...
 */
export const STRONG_SCORE = 0.85;
/** ... and this much more similar than the best signature of any other mistake. */
export const MARGIN = 0.15;

const failed = (test: TestResult) => test.status === 'fail' || test.status === 'timeout';

/**
 * What a result's failures look like, as features: each failing test with its verdict kind, the
 * shape of its message's first line (numbers as #), the exact first line (the observed values),
 * the kind of error the student's own code threw out of it (result/error-kinds.ts), and for a
 * timed-out test the student functions its threads were stuck in. `own` tells which error
 * messages are in the student's own words: an error with such a message, among the values a test
 * observed, is written by its kind (error-kinds.ts ownErrorByKind).
 */
export function observedFeatures(result: ExerciseResult, own: OwnWords = NO_OWN_WORDS): string[] {
  const features = new Set<string>();
  for (const test of result.tests.filter(failed)) {
    const verdict =
      test.status === 'timeout' ? `timeout:${test.stuck?.verdict ?? 'unknown'}` : 'fail';
    features.add(`verdict|${verdict}|${test.name}`);
    const thrown = thrownKind(test, own);
    if (thrown)
      features.add(`threw|${test.name}|${thrown}${carried(cut(firstLine(test.message)))}`);
    const first = firstLine(test.message);
    if (first) {
      // Numbers go before the line is cut: cut first, a count of 10 instead of 9 moved the cut and
      // made another shape of the same failure (ex04: "9 workers waited" and "10 workers waited").
      features.add(`shape|${test.name}|${cut(numbersAsHash(first))}`);
      // Durations ("stopped after 1.1 s") are the machine's, not the code's: kept out of values.
      features.add(`value|${test.name}|${cut(first.replace(/\d[\d,._]*\s*m?s\b/g, '# s'))}`);
    }
    for (const line of observedLines(test.message))
      features.add(`diff|${test.name}|${ownErrorByKind(line, own)}`);
    for (const thread of test.stuck?.threads ?? [])
      for (const frame of thread.frames.slice(0, 1))
        features.add(`stuck|${test.name}|${thread.state}|${frame.function}`);
  }
  return [...features].sort();
}

const firstLine = (message?: string) => (message ?? '').split('\n')[0].trim();
/** How much of a first line a feature keeps. */
const FIRST_LINE_CHARS = 240;
const cut = (line: string) => line.slice(0, FIRST_LINE_CHARS);

/** At most this many observed lines per test: a long diff is one mistake, not many. */
const MAX_OBSERVED_LINES = 12;

/**
 * The values a test observed, below its explanation: jest's received lines ("Received: 4") and
 * the lines of its diff (what was expected and what came instead). Two mistakes that fail the same
 * test with the same explanation differ here (threw 0 turned into an Error, or only undefined).
 */
function observedLines(message?: string): string[] {
  const lines = (message ?? '').split('\n').slice(1);
  const observed = lines
    .map((line) => line.trim())
    .filter(
      (line) =>
        /^Received( value)?:/.test(line) ||
        (/^[+-] /.test(line) && !/^[+-] (Expected|Received)\b/.test(line)),
    )
    .map((line) =>
      line
        .replace(/\s+/g, ' ')
        .replace(/\d[\d,._]*\s*m?s\b/g, '# s')
        .slice(0, 160),
    );
  return [...new Set(observed)].slice(0, MAX_OBSERVED_LINES);
}

/**
 * How much a feature of each kind counts: the first line's exact values vary between runs of a
 * race, so they only break ties; the lines a test observed (a diff, a received value) count as
 * much as a failing test, since they are what tells apart two mistakes that fail the same test
 * (ex02's worker that threw 0 reported as exit code 1, or only one that threw undefined). Chosen
 * with STRONG_SCORE on the known-wrong set and held-out submissions (docs/grading.md).
 */
const WEIGHT: Record<string, number> = {
  verdict: 1,
  shape: 1,
  value: 0.25,
  diff: 1,
  stuck: 0.5,
  threw: 1,
};
const weightOf = (feature: string) => WEIGHT[feature.slice(0, feature.indexOf('|'))] ?? 0;

/**
 * A signature from every run verify made of one known-wrong solution (failed runs only); `own`:
 * the words of that solution's files (error-kinds.ts writtenIn).
 */
export function buildSignature(
  variant: { name: string; mistake: string; hint?: string },
  results: ExerciseResult[],
  own: OwnWords = NO_OWN_WORDS,
): MistakeSignature {
  const features: Record<string, number> = {};
  const failing = results.filter((result) => result.tests.some(failed));
  for (const result of failing)
    for (const feature of observedFeatures(result, own))
      features[feature] = (features[feature] ?? 0) + 1;
  return {
    variant: variant.name,
    mistake: variant.mistake,
    ...(variant.hint ? { hint: variant.hint } : {}),
    runs: failing.length,
    features: Object.fromEntries(Object.entries(features).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/**
 * Weighted Jaccard similarity of observed features to a signature: a feature the signature saw in
 * only some of its runs counts for that share.
 */
export function similarity(observed: string[], signature: MistakeSignature): number {
  const seen = new Set(comparedObserved(observed));
  const book = comparedBook(signature);
  let shared = 0;
  let union = 0;
  for (const [feature, count] of book) {
    const weight = weightOf(feature) * (count / Math.max(1, signature.runs));
    if (seen.has(feature)) {
      shared += weight;
      union += weightOf(feature);
    } else union += weight;
  }
  for (const feature of seen) if (!book.has(feature)) union += weightOf(feature);
  return union === 0 ? 0 : shared / union;
}

/**
 * How much of a first line (shape or value) is compared. Books written before numbers became "#"
 * ahead of the 240-character cut hold lines cut at 240 characters as they were, so a longer count
 * left fewer characters; this much is the same in both.
 */
const FIRST_LINE_COMPARED = 200;

/**
 * The grader's own account of a test that timed out or hung: its numbers count threads where the
 * schedule left them ("9 workers waited", "10 workers waited" from one racy submission), so it is no
 * value of the code. The verdict, the shape and where the threads were stuck say what it is.
 */
const HANG_ACCOUNT = /^value\|[^|]*\|(hung: |timed out )/;

/**
 * Features as they are compared: the student's own errors by kind (error-kinds.ts), first lines cut
 * to what old and new books share, hang accounts left out of the values. Two features that become
 * one keep the larger count.
 */
function asCompared(features: [string, number][]): Map<string, number> {
  const compared = new Map<string, number>();
  for (const [feature, count] of byKind(features)) {
    if (HANG_ACCOUNT.test(feature)) continue;
    const { kind, test, rest } = splitFeature(feature);
    const seen =
      kind === 'shape' || kind === 'value'
        ? `${kind}|${test}|${rest.slice(0, FIRST_LINE_COMPARED)}`
        : feature;
    compared.set(seen, Math.max(count, compared.get(seen) ?? 0));
  }
  return compared;
}

/** Observed features as they are compared (asCompared). */
const comparedObserved = (observed: string[]) => [
  ...asCompared(observed.map((feature): [string, number] => [feature, 1])).keys(),
];

const comparedBooks = new WeakMap<MistakeSignature, Map<string, number>>();
/** A signature's features as they are compared, worked out once per signature. */
function comparedBook(signature: MistakeSignature): Map<string, number> {
  const known = comparedBooks.get(signature);
  if (known) return known;
  const compared = asCompared(Object.entries(signature.features));
  comparedBooks.set(signature, compared);
  return compared;
}

/**
 * A strong match fails the same tests with the same verdicts as the mistake did (in at least half
 * of its runs): a submission that fails one test more or less is another mistake, however alike
 * the rest looks.
 */
export function sameFailingTests(observed: string[], signature: MistakeSignature): boolean {
  const verdicts = (features: string[]) =>
    features
      .filter((feature) => feature.startsWith('verdict|'))
      .sort()
      .join('\n');
  const usual = Object.entries(signature.features)
    .filter(([, count]) => count * 2 >= signature.runs)
    .map(([feature]) => feature);
  return verdicts(observed) === verdicts(usual);
}

/**
 * A strong match observed no kind of value the mistake never showed: each line a failing test
 * observed (a diff's line, a received value), numbers aside, is one the mistake's runs showed too.
 * Other numbers are the same observation (a race's count); a line of a new kind is something the
 * mistake does not do (ex06: a limit of 0 that started the tasks, where the mistake starts none).
 */
export function noUnseenObservations(observed: string[], signature: MistakeSignature): boolean {
  const lines = (features: string[]) =>
    features.filter((feature) => feature.startsWith('diff|')).map(numbersAsHash);
  const seen = new Set(lines([...comparedBook(signature).keys()]));
  return lines(comparedObserved(observed)).every((line) => seen.has(line));
}

/**
 * The known mistake a failing result most likely is, or undefined: no failure, nothing similar
 * enough, or another mistake nearly as similar. Mistakes nearly as similar are named together
 * ("one of these") only when they are twins (result/mistake-twins.ts), each a strong match: then
 * the code most likely makes one of them and no failure says which; any other near rival leaves
 * all of them unnamed.
 */
export function recognise(
  signatures: MistakeSignature[],
  result: ExerciseResult,
  own: OwnWords = NO_OWN_WORDS,
): Recognised | undefined {
  return recogniseFeatures(signatures, observedFeatures(result, own));
}

/** recognise, from failures already turned into features (verify's recognition measure). */
export function recogniseFeatures(
  signatures: MistakeSignature[],
  observed: string[],
): Recognised | undefined {
  if (observed.length === 0) return undefined;
  const ranked = signatures
    .map((signature) => ({ signature, score: similarity(observed, signature) }))
    // Ties in name order, so that twins are always named in the same order.
    .sort((a, b) => b.score - a.score || a.signature.variant.localeCompare(b.signature.variant));
  const strong = (entry: { signature: MistakeSignature; score: number }) =>
    entry.score >= STRONG_SCORE &&
    sameFailingTests(observed, entry.signature) &&
    noUnseenObservations(observed, entry.signature);
  const [best] = ranked;
  if (!best || !strong(best)) return undefined;
  const near = ranked.filter(
    (entry, index) =>
      entry.signature.mistake !== best.signature.mistake &&
      best.score - entry.score < MARGIN &&
      // One entry per mistake: the same mistake recorded twice is one alternative.
      ranked.findIndex((other) => other.signature.mistake === entry.signature.mistake) === index,
  );
  const twins = near.length > 0 ? twinsOf(best.signature, signatures) : [];
  if (!near.every((entry) => twins.includes(entry.signature.variant) && strong(entry)))
    return undefined;
  const group = [best, ...near].map((entry) => entry.signature);
  const hints = new Set(group.map((signature) => signature.hint));
  const [hint] = hints.size === 1 ? [...hints] : [undefined];
  return {
    variant: best.signature.variant,
    mistake:
      near.length === 0
        ? best.signature.mistake
        : `one of these, which fail exactly alike: ${group.map((signature) => signature.mistake).join('; or ')}`,
    ...(hint ? { hint } : {}),
    score: Math.round(best.score * 100) / 100,
    ...(near.length > 0 && {
      or: near.map(({ signature }) => ({ variant: signature.variant, mistake: signature.mistake })),
    }),
  };
}
